package io.leadgrade.grading;

import io.leadgrade.grading.engine.CompiledRuleset;
import java.util.List;
import java.util.Set;

/**
 * A compiled ruleset that grades without being active: what a backtest replays history with. It passed the same
 * checks as a candidate for activation (compiles, sandbox, rule tests). Close it when done.
 */
public final class RulesetReplay implements AutoCloseable {

    private final CompiledRuleset compiled;
    private final boolean owned;

    RulesetReplay(CompiledRuleset compiled, boolean owned) {
        this.compiled = compiled;
        this.owned = owned;
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
