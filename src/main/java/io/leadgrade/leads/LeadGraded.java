package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import java.time.Instant;

/**
 * Published after every grading of a stored lead (new lead, update, activity, decay, re-grade, recycle), whether
 * or not the grade changed, so handoff can act on an MQL the moment it is one.
 *
 * @param previousGrade the primary grade the lead had before this grading, null for a new lead
 * @param input the profile and engagement the grading read
 */
public record LeadGraded(
        String leadId,
        String externalId,
        int cycle,
        LeadStatus status,
        Instant nurtureUntil,
        Grading grading,
        String previousGrade,
        LeadData input,
        GradingReason reason,
        Instant at) {

    /** Whether the primary grade differs from the one before (a new lead's first grade is a change). */
    public boolean gradeChanged() {
        return !grading.primary().grade().equals(previousGrade);
    }

    public boolean mql() {
        return grading.primary().mql();
    }
}
