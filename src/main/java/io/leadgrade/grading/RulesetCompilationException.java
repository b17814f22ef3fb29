package io.leadgrade.grading;

import java.util.List;
import java.util.stream.Collectors;

/** A ruleset that cannot be used: it does not compile, or its files are not what the engine accepts. */
public class RulesetCompilationException extends RuntimeException {

    private final List<RuleProblem> problems;

    public RulesetCompilationException(String source, List<RuleProblem> problems) {
        super("rules in " + source + " cannot be used:\n"
                + problems.stream().map(problem -> "  " + problem).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
