package io.leadgrade.grading;

import java.time.Instant;
import java.util.List;

/**
 * What became of a candidate ruleset: valid (checked only), activated, unchanged (same content as the active one),
 * or rejected because it does not compile, breaks the rule sandbox or fails its rule tests. A rejected candidate
 * never grades anything.
 *
 * @param version the candidate's version (content hash), null when its files could not be read
 * @param activeVersion the version grading uses after this attempt
 * @param problems compile problems with file, line and column
 * @param warnings static-check findings that do not stop activation: unreachable grades, gaps, unmapped grades,
 *     rules no rule test exercises
 * @param failedTests rule-test cases that failed, expected against actual
 * @param testsRun how many rule-test cases ran
 */
public record RulesetActivation(
        Status status,
        String version,
        String activeVersion,
        Instant at,
        List<RuleProblem> problems,
        List<RuleProblem> warnings,
        List<RuleTestResult> failedTests,
        int testsRun) {

    public enum Status {
        /** Checked and found usable, not activated (validation only). */
        VALID,
        ACTIVATED,
        UNCHANGED,
        REJECTED
    }

    public RulesetActivation {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        failedTests = List.copyOf(failedTests);
    }

    public boolean rejected() {
        return status == Status.REJECTED;
    }
}
