package io.leadgrade.leads;

import java.time.Instant;

/**
 * What the handoff module tells the leads module when it hands a lead to sales, moves it, or records a handoff
 * from another system's history: the handoff of the lead's current cycle, its territory and rep (null: queued).
 * The leads module alone writes the lead; it records these on it.
 */
public record LeadHandedOff(String leadId, String handoffId, String territory, String repId, Instant at) {}
