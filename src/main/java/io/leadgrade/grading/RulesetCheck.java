package io.leadgrade.grading;

import io.leadgrade.grading.engine.CompiledRuleset;
import io.leadgrade.grading.engine.RuleTests;
import io.leadgrade.grading.engine.RulesetCompiler;
import java.util.List;

/**
 * Everything a candidate ruleset must pass before it may grade: it compiles within the rule sandbox, and its rule
 * tests pass; static checks add warnings. Used by the running service and by the command line alike.
 */
public final class RulesetCheck {

    /**
     * @param compiled the ruleset, ready to grade, when it compiled; null otherwise
     * @param problems compile and sandbox problems; the candidate is unusable when there are any
     * @param tests every rule-test result, passed or not
     * @param warnings static-check findings, whenever it compiled: shown while its tests fail too, since a change
     *     of points makes tests fail and the warnings are what says whether it left a grade unreachable
     */
    record Outcome(
            String version,
            CompiledRuleset compiled,
            List<RuleProblem> problems,
            List<RuleTestResult> tests,
            List<RuleProblem> warnings) {

        List<RuleTestResult> failed() {
            return tests.stream().filter(result -> !result.passed()).toList();
        }

        boolean usable() {
            return compiled != null && problems.isEmpty() && failed().isEmpty();
        }
    }

    /** What the command line reports about a rules folder. */
    public record Report(
            String version, List<RuleProblem> problems, List<RuleTestResult> tests, List<RuleProblem> warnings) {

        public List<RuleTestResult> failed() {
            return tests.stream().filter(result -> !result.passed()).toList();
        }
    }

    private RulesetCheck() {}

    public static Report check(RulesetFiles files) {
        Outcome outcome = run(new RulesetCompiler(), files);
        if (outcome.compiled() != null) {
            outcome.compiled().close();
        }
        return new Report(outcome.version(), outcome.problems(), outcome.tests(), outcome.warnings());
    }

    static Outcome run(RulesetCompiler compiler, RulesetFiles files) {
        String version = files.version();
        CompiledRuleset compiled;
        List<RuleTestResult> tests;
        try {
            compiled = compiler.compile(version, files);
            tests = RuleTests.run(compiled, files);
        } catch (RulesetCompilationException e) {
            return new Outcome(version, null, e.problems(), List.of(), List.of());
        }
        return new Outcome(version, compiled, List.of(), tests, compiled.lint(tests));
    }
}
