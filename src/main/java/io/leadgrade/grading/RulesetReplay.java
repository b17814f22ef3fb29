package io.leadgrade.grading;

import io.leadgrade.grading.engine.CompiledRuleset;
import java.util.List;
import java.util.Set;

/**
 * A compiled ruleset that grades without being active: what a backtest replays history with. It compiled within
 * the rule sandbox and, unless the backtest asked to try it while its rule tests fail, passed them. Close it when
 * done.
 */
public final class RulesetReplay implements AutoCloseable {

    private final CompiledRuleset compiled;
    private final boolean owned;

    RulesetReplay(CompiledRuleset compiled, boolean owned) {
        this.compiled = compiled;
        this.owned = owned;
    }

    /**
     * Compiles a rules folder without a server, with the same checks as an activation (compile, sandbox, rule
     * tests), for command-line use.
     *
     * @throws IllegalArgumentException listing every problem (file:line:column) and failed rule test
     */
    public static RulesetReplay offline(RulesetFiles files) {
        RulesetCheck.Outcome outcome = RulesetCheck.run(new io.leadgrade.grading.engine.RulesetCompiler(), files);
        if (outcome.compiled() == null
                || !outcome.problems().isEmpty()
                || outcome.tests().stream().anyMatch(test -> !test.passed())) {
            StringBuilder message = new StringBuilder("the rules do not pass their checks:");
            outcome.problems().forEach(problem -> message.append('\n').append(problem));
            outcome.tests().stream()
                    .filter(test -> !test.passed())
                    .forEach(test -> message.append("\nFAIL ").append(test));
            if (outcome.compiled() != null) {
                outcome.compiled().close();
            }
            throw new IllegalArgumentException(message.toString());
        }
        return new RulesetReplay(outcome.compiled(), true);
    }

    public String version() {
        return compiled.version();
    }

    public List<Grading> gradeAll(List<LeadData> leads) {
        return compiled.gradeAll(leads);
    }

    /** The grades its default model hands off. */
    public Set<String> mqlGrades() {
        return compiled.mqlGrades();
    }

    @Override
    public void close() {
        if (owned) {
            compiled.close();
        }
    }
}
