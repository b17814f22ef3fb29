package io.leadgrade.feedback;

import java.time.Instant;
import java.util.Map;

/**
 * One handed-off lead with an outcome, as the feedback module reads it: the grade it was handed off with, the rules
 * that fired then and their points (from the explanation stored at handoff, not today's rules), and what sales did.
 *
 * @param rules rule name to the points it gave this lead (0 for rules that decide rather than add points)
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
        String disposition,
        boolean converted) {}
