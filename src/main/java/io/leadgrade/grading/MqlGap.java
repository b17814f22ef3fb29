package io.leadgrade.grading;

import java.util.List;

/**
 * Why a lead is not an MQL, by the active ruleset's own thresholds and mapping: how far its fit score is from the next
 * letter and its engagement score from the next digit, the MQL grade it is closest to, and the rules that did not
 * fire for it and would add points where points are missing.
 *
 * @param rulesetVersion the ruleset the thresholds and rules were read from (the active one)
 * @param fit the fit score's place on the letter thresholds
 * @param engagement the engagement score's place on the digit thresholds
 * @param nearestMql the MQL grade the fewest added points reach, null when no added points reach one
 * @param rules rules that did not fire and would add points in a dimension that needs them, most points first
 */
public record MqlGap(String rulesetVersion, Step fit, Step engagement, Target nearestMql, List<RuleOption> rules) {

    public MqlGap {
        rules = List.copyOf(rules);
    }

    /**
     * One score on its thresholds.
     *
     * @param current the letter or digit the score has
     * @param next the next better letter or digit, null when it has the best
     * @param nextAt the lowest score that gets {@code next}
     * @param pointsNeeded {@code nextAt - score}
     */
    public record Step(int score, String current, String next, Integer nextAt, Integer pointsNeeded) {}

    /** An MQL grade and the fit and engagement points the lead lacks for it. */
    public record Target(String grade, int fitPoints, int engagementPoints) {}

    /**
     * A rule that did not fire for the lead and would add points.
     *
     * @param points what the rule adds
     * @param replaces the row of the same decision table that fired for the lead (rows of a table are alternatives, so
     *     the lead would gain {@code gain}, not {@code points}); null for other rules
     * @param gain the points the lead would gain
     * @param closesGap whether the gain alone reaches the nearest MQL grade's letter or digit
     */
    public record RuleOption(
            String rule,
            Dimension dimension,
            int points,
            String replaces,
            int gain,
            boolean closesGap,
            String file,
            int line) {}
}
