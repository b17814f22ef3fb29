package io.leadgrade.grading;

import java.util.List;

/**
 * Result of grading one lead with one ruleset version: a grade per scoring model that applies to the lead, the
 * primary one (the model of the lead's product line) first.
 */
public record Grading(String rulesetVersion, List<Grade> grades) {

    public Grading {
        if (grades.isEmpty()) {
            throw new IllegalArgumentException("a grading holds at least one grade");
        }
        grades = List.copyOf(grades);
    }

    /** The grade that handoff, routing and reports use. */
    public Grade primary() {
        return grades.get(0);
    }
}
