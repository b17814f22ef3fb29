package io.leadgrade.grading;

/** What a rule contributed to: fit points or letter, engagement points or digit, or the grade mapping. */
public enum Dimension {
    FIT,
    ENGAGEMENT,
    GRADE
}
