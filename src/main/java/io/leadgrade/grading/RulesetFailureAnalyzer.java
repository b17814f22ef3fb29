package io.leadgrade.grading;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a ruleset that does not compile at start into a short report with every file:line:column. */
class RulesetFailureAnalyzer extends AbstractFailureAnalyzer<RulesetCompilationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RulesetCompilationException cause) {
        StringBuilder description = new StringBuilder("The rules do not compile:\n");
        cause.problems()
                .forEach(problem -> description.append("    ").append(problem).append('\n'));
        return new FailureAnalysis(
                description.toString(),
                "Fix the files named above (or point leadgrade.rules.path at a folder that compiles) and start again.",
                cause);
    }
}
