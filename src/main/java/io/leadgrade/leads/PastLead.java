package io.leadgrade.leads;

import java.time.Instant;

/**
 * A lead from another system's history (an import with outcomes): its profile and what that system recorded after
 * handing it to sales. It is recorded as of its handoff (created then, graded then), not as today's traffic.
 */
public record PastLead(LeadRequest request, PastOutcome outcome) {

    public Instant handedOffAt() {
        return outcome.handedOffAt();
    }
}
