package io.leadgrade.handoff;

/**
 * Published, on the writing thread, after every write of a handoff: its state before (null for a new handoff) and
 * after. Reports keep their rollups from these; each write is published exactly once, and because every write is
 * made under the handoff's version, {@code before} is the state the write replaced.
 */
public record HandoffChanged(Handoff before, Handoff after) {}
