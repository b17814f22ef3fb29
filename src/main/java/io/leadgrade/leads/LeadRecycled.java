package io.leadgrade.leads;

import java.time.Instant;

/** A disposition sent the lead back to nurture: a new cycle starts, no handoff before {@code until}. */
public record LeadRecycled(String leadId, Instant until, Instant at) {}
