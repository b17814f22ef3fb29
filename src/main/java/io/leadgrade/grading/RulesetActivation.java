package io.leadgrade.grading;

import java.time.Instant;
import java.util.List;

/**
 * What became of a candidate ruleset: activated, unchanged (same content as the active one), or rejected because
 * it does not compile or fails its rule tests. A rejected candidate never grades anything.
 *
 * @param version the candidate's version (content hash), null when its files could not be read
 * @param activeVersion the version grading uses after this attempt
 * @param problems compile problems with file, line and column
 * @param failedTests rule-test cases that failed, expected against actual
 * @param testsRun how many rule-test cases ran
 */
public record RulesetActivation(
        Status status,
        String version,
        String activeVersion,
        Instant at,
        List<RuleProblem> problems,
        List<RuleTestResult> failedTests,
        int testsRun) {

    public enum Status {
        ACTIVATED,
        UNCHANGED,
        REJECTED
    }

    public RulesetActivation {
        problems = List.copyOf(problems);
        failedTests = List.copyOf(failedTests);
    }

    public boolean rejected() {
        return status == Status.REJECTED;
    }
}
