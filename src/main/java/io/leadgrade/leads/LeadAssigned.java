package io.leadgrade.leads;

import java.time.Instant;

/** A queued or reassigned handoff went to a rep; the lead records who works it now. */
public record LeadAssigned(String leadId, String handoffId, String repId, Instant at) {}
