package io.leadgrade.handoff;

/** Where a handoff stands. */
public enum HandoffStatus {
    /** With sales, waiting for a first disposition (or for a rep, when queued). */
    OPEN,
    /** Sales recorded an outcome. */
    DISPOSITIONED,
    /** Sales sent the lead back to nurture; a later MQL makes a new handoff. */
    RECYCLED
}
