package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import java.time.Instant;

/**
 * A stored lead was graded an MQL and is due a handoff: not handed off in its current cycle and not in a nurture
 * cool-down. Published in the same unit of work as the grading, through the event publication registry, so the
 * handoff follows even when its first attempt fails or the process dies after the grading was stored.
 *
 * @param input the profile and engagement the grading read
 */
public record LeadQualified(
        String leadId,
        String externalId,
        int cycle,
        Grading grading,
        LeadData input,
        GradingReason reason,
        Instant at) {

    static LeadQualified of(LeadGraded graded) {
        return new LeadQualified(
                graded.leadId(),
                graded.externalId(),
                graded.cycle(),
                graded.grading(),
                graded.input(),
                graded.reason(),
                graded.at());
    }

    /** Whether a grading makes the lead due a handoff. */
    static boolean due(LeadGraded graded) {
        return graded.mql()
                && graded.status() != LeadStatus.HANDED_OFF
                && graded.status() != LeadStatus.DISPOSITIONED
                && (graded.nurtureUntil() == null || !graded.at().isBefore(graded.nurtureUntil()));
    }
}
