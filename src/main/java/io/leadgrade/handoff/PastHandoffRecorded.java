package io.leadgrade.handoff;

import io.leadgrade.leads.PastOutcome;

/**
 * A lead's handoff of its current cycle after an import of history recorded it, whether that import wrote it (or
 * found it stored), and the outcome the source recorded (what its disposition is recorded from).
 */
public record PastHandoffRecorded(Handoff handoff, boolean written, PastOutcome outcome) {}
