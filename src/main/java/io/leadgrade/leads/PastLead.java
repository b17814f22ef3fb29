package io.leadgrade.leads;

import java.time.Instant;

/**
 * A lead from another system's history (an import with outcomes): its profile and the moment that system handed
 * it to sales. It is recorded as of that moment (created then, graded then), not as today's traffic.
 */
public record PastLead(LeadRequest request, Instant handedOffAt) {}
