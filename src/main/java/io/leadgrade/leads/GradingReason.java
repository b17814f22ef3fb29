package io.leadgrade.leads;

/** Why a lead was graded again. */
public enum GradingReason {
    /** The lead arrived. */
    NEW_LEAD,
    /** Its profile changed. */
    DATA_UPDATE,
    /** It did something: new activities were recorded. */
    ACTIVITY,
    /** A new ruleset version was activated and the lead re-graded with it. */
    RULE_CHANGE,
    /** Time passed: a recency window closed or a decayed value fell far enough to change the grade. */
    DECAY,
    /** Sales sent it back to nurture: engagement counts afresh from this moment. */
    RECYCLED
}
