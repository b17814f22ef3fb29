package io.leadgrade.grading.engine;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Dimension;
import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RuleTestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static checks beyond compiling, reported as warnings with the rule's location: letters and digits no score can
 * reach (and so grade cells no lead can reach), scores that get no letter or two, grades the mapping leaves without
 * a tier or MQL decision, and rules that never fire on the rule-test examples.
 */
final class RulesetLint {

    static final Pattern FIT_POINTS = Pattern.compile("addFit\\s*\\(\\s*drools\\s*,\\s*(-?\\d+)");
    static final Pattern ENGAGEMENT_POINTS = Pattern.compile("addEngagement\\s*\\(\\s*drools\\s*,\\s*(-?\\d+)");
    private static final String LETTERS = "ABCD";

    private RulesetLint() {}

    /** Rules defined twice: Drools would keep only one of them, silently. */
    static List<RuleProblem> duplicateRuleNames(List<RuleSources.Source> sources) {
        List<RuleProblem> problems = new ArrayList<>();
        RuleSources.locations(sources).forEach((key, location) -> {
            int marker = key.indexOf("\u0000duplicate@");
            if (marker >= 0) {
                problems.add(new RuleProblem(
                        location.file(),
                        location.line(),
                        0,
                        "rule \"" + key.substring(0, marker) + "\" is defined twice; rule names must be unique"));
            }
        });
        return problems;
    }

    static List<RuleProblem> warnings(ScoringModel ruleset, List<RuleTestResult> tests, boolean haveTests) {
        List<RuleSources.Source> sources = ruleset.sources();
        String model = ruleset.name();
        Map<String, RuleProblem> locations = RuleSources.locations(sources);
        List<RuleProblem> warnings = new ArrayList<>();
        int[] fitRange = range(sources, FIT_POINTS);
        int[] engagementRange = range(sources, ENGAGEMENT_POINTS);
        List<ScoreCard> probes = new ArrayList<>();
        int span = Math.max(fitRange[1] - fitRange[0], engagementRange[1] - engagementRange[0]);
        for (int i = 0; i <= span; i++) {
            probes.add(ScoreCard.probe(
                    model,
                    Math.min(fitRange[0] + i, fitRange[1]),
                    Math.min(engagementRange[0] + i, engagementRange[1])));
        }
        ruleset.probe(probes, false);
        thresholds(warnings, probes, fitRange, "fit", "letter", "fit letter ", Dimension.FIT, locations);
        thresholds(
                warnings,
                probes,
                engagementRange,
                "engagement",
                "digit",
                "engagement digit ",
                Dimension.ENGAGEMENT,
                locations);
        mapping(warnings, ruleset, model, locations);
        if (haveTests) {
            neverFired(warnings, ruleset.ruleNames(), tests, locations);
        }
        return warnings;
    }

    private static void thresholds(
            List<RuleProblem> warnings,
            List<ScoreCard> probes,
            int[] range,
            String dimensionName,
            String unit,
            String prefix,
            Dimension dimension,
            Map<String, RuleProblem> locations) {
        String file = fileOf(probes, prefix, locations);
        Set<String> reached = new TreeSet<>();
        int gapStart = Integer.MIN_VALUE;
        int overlapStart = Integer.MIN_VALUE;
        for (int score = range[0]; score <= range[1] + 1; score++) {
            List<String> decided = score <= range[1] ? decided(probes.get(score - range[0]), dimension, prefix) : null;
            boolean gap = decided != null && decided.isEmpty();
            boolean overlap = decided != null && decided.size() > 1;
            if (decided != null && !decided.isEmpty()) {
                reached.add(decided.get(0));
            }
            if (gap && gapStart == Integer.MIN_VALUE) {
                gapStart = score;
            } else if (!gap && gapStart != Integer.MIN_VALUE) {
                warnings.add(new RuleProblem(
                        file,
                        0,
                        0,
                        dimensionName + " scores " + gapStart + " to " + (score - 1) + " get no " + unit
                                + ": grading such a lead fails; close the gap"));
                gapStart = Integer.MIN_VALUE;
            }
            if (overlap && overlapStart == Integer.MIN_VALUE) {
                overlapStart = score;
            } else if (!overlap && overlapStart != Integer.MIN_VALUE) {
                warnings.add(new RuleProblem(
                        file,
                        0,
                        0,
                        dimensionName + " scores " + overlapStart + " to " + (score - 1) + " match more than one "
                                + unit + " rule; the first one wins"));
                overlapStart = Integer.MIN_VALUE;
            }
        }
        List<String> all = dimension == Dimension.FIT ? List.of("A", "B", "C", "D") : List.of("1", "2", "3", "4");
        for (String value : all) {
            if (!reached.contains(value)) {
                warnings.add(new RuleProblem(
                        file,
                        0,
                        0,
                        dimensionName + " " + unit + " " + value
                                + " cannot be reached: " + dimensionName + " scores run from " + range[0] + " to "
                                + range[1]
                                + ", so no lead can get a grade with " + unit + " " + value));
            }
        }
    }

    private static List<String> decided(ScoreCard card, Dimension dimension, String prefix) {
        List<String> decided = new ArrayList<>();
        for (Contribution contribution : card.decisions()) {
            if (contribution.dimension() == dimension
                    && contribution.detail() != null
                    && contribution.detail().startsWith(prefix)) {
                decided.add(contribution.detail().substring(prefix.length()));
            }
        }
        return decided;
    }

    private static void mapping(
            List<RuleProblem> warnings, ScoringModel ruleset, String model, Map<String, RuleProblem> locations) {
        List<ScoreCard> cells = new ArrayList<>();
        for (char letter : LETTERS.toCharArray()) {
            for (int digit = 1; digit <= 4; digit++) {
                cells.add(ScoreCard.probe(model, String.valueOf(letter), digit));
            }
        }
        ruleset.probe(cells, true);
        String file = fileOf(cells, "tier ", locations);
        for (ScoreCard cell : cells) {
            String grade = cell.fitLetter() + cell.engagementDigit();
            long tiers = cell.decisions().stream()
                    .filter(c -> c.detail().startsWith("tier "))
                    .count();
            long mql = cell.decisions().stream()
                    .filter(c -> c.detail().equals("MQL") || c.detail().equals("not MQL"))
                    .count();
            if (tiers == 0) {
                warnings.add(
                        new RuleProblem(file, 0, 0, "grade " + grade + " has no tier rule; it counts as BELOW_MQL"));
            } else if (tiers > 1) {
                warnings.add(new RuleProblem(
                        file, 0, 0, "grade " + grade + " matches " + tiers + " tier rules; the last one wins"));
            }
            if (mql == 0) {
                warnings.add(new RuleProblem(file, 0, 0, "grade " + grade + " has no MQL rule; it is not an MQL"));
            }
        }
    }

    /** The file of the rules that made these decisions, for warnings that belong to no single rule. */
    private static String fileOf(List<ScoreCard> cards, String prefix, Map<String, RuleProblem> locations) {
        for (ScoreCard card : cards) {
            for (Contribution decision : card.decisions()) {
                RuleProblem at = locations.get(decision.rule());
                if (decision.detail() != null && decision.detail().startsWith(prefix) && at != null) {
                    return at.file();
                }
            }
        }
        return "(no " + prefix.trim() + " rules)";
    }

    private static void neverFired(
            List<RuleProblem> warnings,
            Set<String> ruleNames,
            List<RuleTestResult> tests,
            Map<String, RuleProblem> locations) {
        Set<String> fired = new TreeSet<>();
        tests.stream()
                .filter(result -> result.grade() != null)
                .forEach(result -> result.grade().explanation().forEach(c -> fired.add(c.rule())));
        for (String rule : ruleNames) {
            if (!fired.contains(rule)) {
                RuleProblem at = locations.getOrDefault(rule, new RuleProblem("?", 0, 0, rule));
                warnings.add(new RuleProblem(
                        at.file(),
                        at.line(),
                        0,
                        "rule \"" + rule + "\" never fires on the rule-test examples; add an example that needs it"));
            }
        }
    }

    /** The lowest and highest total the points rules can give, taking every positive and every negative rule. */
    static int[] range(List<RuleSources.Source> sources, Pattern points) {
        int min = 0;
        int max = 0;
        for (RuleSources.Source source : sources) {
            Matcher matcher = points.matcher(RuleSandbox.codeOnly(source.drl()));
            while (matcher.find()) {
                int value = Integer.parseInt(matcher.group(1));
                if (value < 0) {
                    min += value;
                } else {
                    max += value;
                }
            }
        }
        return new int[] {min, max};
    }
}
