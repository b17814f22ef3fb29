package io.leadgrade.grading;

/** The active ruleset left a lead without a letter or digit: a hole in its thresholds. */
public class RulesetGapException extends RuntimeException {

    public RulesetGapException(String message) {
        super(message);
    }
}
