package io.leadgrade.grading;

/** Quality band used by the Net Quality Score; the grade-to-tier mapping lives in the ruleset. */
public enum Tier {
    HIGH,
    MEDIUM,
    LOW,
    BELOW_MQL
}
