package io.leadgrade.feedback;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One handed-off lead with an outcome, as the feedback module reads it: the grade it was handed off with, the rules
 * that fired then and their points (from the explanation stored at handoff, not today's rules), and what sales did.
 *
 * @param rules rule name to the points it gave this lead; only rules written in the ruleset (the floor and cap
 *     adjustments of the point totals are not rules and are left out)
 * @param engagementRules which of {@code rules} give engagement points (the others give fit points)
 * @param fitPoints the fit total the letter was given for (after floors and caps)
 * @param engagementPoints the engagement total the digit was given for (after floors and caps)
 * @param converted whether the disposition counts as a conversion (an SQO)
 */
record Observation(
        String handoffId,
        Instant at,
        String grade,
        String territory,
        String productLine,
        String rulesetVersion,
        Map<String, Integer> rules,
        Set<String> engagementRules,
        int fitPoints,
        int engagementPoints,
        String disposition,
        boolean converted) {}
