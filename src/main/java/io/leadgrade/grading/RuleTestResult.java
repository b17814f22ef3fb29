package io.leadgrade.grading;

import java.util.List;

/**
 * Outcome of one rule-test case: an example lead from {@code rules/tests/} graded by a ruleset and compared with
 * what marketing ops expect.
 *
 * @param file the test file, relative to the rules folder
 * @param name the case's name
 * @param grade the grading the ruleset produced, null when the case could not be graded
 * @param mismatches "field: expected X, got Y" for every expectation that failed; empty when the case passed
 */
public record RuleTestResult(String file, String name, Grade grade, List<String> mismatches) {

    public RuleTestResult {
        mismatches = List.copyOf(mismatches);
    }

    public boolean passed() {
        return mismatches.isEmpty();
    }

    @Override
    public String toString() {
        return file + " \"" + name + "\": " + (passed() ? "passed" : String.join("; ", mismatches));
    }
}
