package io.leadgrade.grading;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One rule that fired while grading a lead, in firing order.
 *
 * @param rule the rule's name as written in the ruleset (decision-table rows carry their NAME cell)
 * @param dimension what the rule decided about
 * @param points the points it added or removed (0 for letter, digit, tier and MQL decisions)
 * @param detail what it decided, for rules that decide rather than add points (e.g. "fit letter A")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contribution(String rule, Dimension dimension, int points, String detail) {

    public static Contribution points(String rule, Dimension dimension, int points) {
        return new Contribution(rule, dimension, points, null);
    }

    public static Contribution decision(String rule, Dimension dimension, String detail) {
        return new Contribution(rule, dimension, 0, detail);
    }
}
