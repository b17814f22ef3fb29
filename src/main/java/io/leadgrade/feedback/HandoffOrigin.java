package io.leadgrade.feedback;

import io.leadgrade.handoff.Handoff;

/** Where a handoff came from, as the feedback module needs to know it. */
final class HandoffOrigin {

    private HandoffOrigin() {}

    /**
     * Whether the handoff was imported from another system's history rather than made by LeadGrade's rules: such a
     * handoff went to sales whatever its grade, so being handed off does not make it an MQL. The one place this is
     * decided (today by the import's "IMPORTED" history step; an explicit flag on the handoff would go here).
     */
    static boolean imported(Handoff handoff) {
        return handoff.history() != null && handoff.history().stream().anyMatch(step -> "IMPORTED".equals(step.type()));
    }
}
