package io.leadgrade.leads;

/** Why a lead was graded again. */
public enum GradingReason {
    NEW_LEAD,
    DATA_UPDATE,
    RULE_CHANGE
}
