package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import java.time.Instant;

/**
 * Published after every grading of a stored lead (new lead, update, activity, decay, re-grade, recycle), whether
 * or not the grade changed, so handoff can act on an MQL the moment it is one.
 *
 * @param input the profile and engagement the grading read
 */
public record LeadGraded(
        String leadId,
        String externalId,
        int cycle,
        LeadStatus status,
        Instant nurtureUntil,
        Grading grading,
        LeadData input,
        GradingReason reason,
        Instant at) {

    public boolean mql() {
        return grading.primary().mql();
    }
}
