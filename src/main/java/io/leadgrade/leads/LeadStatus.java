package io.leadgrade.leads;

/** Where a lead is in the funnel. */
public enum LeadStatus {
    /** Graded; not handed off in its current cycle (yet). */
    OPEN,
    /** Handed off to sales and waiting for a disposition. */
    HANDED_OFF,
    /** Sales recorded what became of it. */
    DISPOSITIONED,
    /** Sent back to nurture by its disposition; may become an MQL again after its cool-down. */
    RECYCLED
}
