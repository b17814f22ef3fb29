package io.leadgrade.grading.engine;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Dimension;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.MqlGap;
import io.leadgrade.grading.RuleProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one scoring model's threshold and mapping rules decide for every score they can meet, found once per
 * compiled model by running those rules on bare totals and cells (as the static checks do), and the points each rule
 * adds, read from its consequence. From these, a grade's distance to the next letter, digit and MQL grade.
 */
final class MqlLadder {

    private static final Pattern RULE = Pattern.compile("(?m)^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");
    private static final Pattern POINTS =
            Pattern.compile("add(Fit|Engagement)\\s*\\(\\s*drools\\s*,\\s*(-?\\d+)\\s*\\)");
    private static final String LETTERS = "ABCD";

    /** A rule that adds points: how many, in which dimension, where it is written, and its table if any. */
    private record Points(String rule, Dimension dimension, int points, String table, String file, int line) {}

    private final int[] fitRange;
    private final int[] engagementRange;
    private final String[] letters;
    private final int[] digits;
    private final Set<String> mql = new HashSet<>();
    private final Map<String, Points> rules = new HashMap<>();

    MqlLadder(ScoringModel model) {
        List<RuleSources.Source> sources = model.sources();
        EngagementSettings settings = model.settings();
        fitRange = bounded(RulesetLint.range(sources, RulesetLint.FIT_POINTS), settings.fitFloor(), settings.fitCap());
        engagementRange = bounded(
                RulesetLint.range(sources, RulesetLint.ENGAGEMENT_POINTS),
                settings.engagementFloor(),
                settings.engagementCap());
        int span = Math.max(fitRange[1] - fitRange[0], engagementRange[1] - engagementRange[0]);
        List<ScoreCard> probes = new ArrayList<>();
        for (int i = 0; i <= span; i++) {
            probes.add(ScoreCard.probe(
                    model.name(),
                    Math.min(fitRange[0] + i, fitRange[1]),
                    Math.min(engagementRange[0] + i, engagementRange[1])));
        }
        model.probe(probes, false);
        letters = new String[fitRange[1] - fitRange[0] + 1];
        digits = new int[engagementRange[1] - engagementRange[0] + 1];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = probes.get(i).fitLetter();
        }
        for (int i = 0; i < digits.length; i++) {
            digits[i] = probes.get(i).engagementDigit();
        }
        List<ScoreCard> cells = new ArrayList<>();
        for (char letter : LETTERS.toCharArray()) {
            for (int digit = 1; digit <= 4; digit++) {
                cells.add(ScoreCard.probe(model.name(), String.valueOf(letter), digit));
            }
        }
        model.probe(cells, true);
        for (ScoreCard cell : cells) {
            boolean isMql = false;
            for (Contribution decision : cell.decisions()) {
                isMql = "MQL".equals(decision.detail()) || isMql && !"not MQL".equals(decision.detail());
            }
            if (isMql) {
                mql.add(cell.fitLetter() + cell.engagementDigit());
            }
        }
        readPoints(sources);
    }

    /** Why this grade (given by this model) is not an MQL; null when it is one. */
    MqlGap gap(Grade grade, String version) {
        if (grade.mql()) {
            return null;
        }
        MqlGap.Step fit = step(grade.fitScore(), grade.fit(), true);
        MqlGap.Step engagement = step(grade.engagementScore(), String.valueOf(grade.engagement()), false);
        MqlGap.Target nearest = null;
        for (String cell : mql.stream().sorted().toList()) {
            Integer fitPoints = pointsTo(grade.fitScore(), cell.substring(0, 1), true);
            Integer engagementPoints = pointsTo(grade.engagementScore(), cell.substring(1), false);
            if (fitPoints != null
                    && engagementPoints != null
                    && (nearest == null
                            || fitPoints + engagementPoints < nearest.fitPoints() + nearest.engagementPoints())) {
                nearest = new MqlGap.Target(cell, fitPoints, engagementPoints);
            }
        }
        return new MqlGap(version, fit, engagement, nearest, options(grade, nearest));
    }

    private MqlGap.Step step(int score, String current, boolean fit) {
        int index = fit ? LETTERS.indexOf(current) : Integer.parseInt(current) - 1;
        for (int better = index - 1; better >= 0; better--) {
            String next = fit ? String.valueOf(LETTERS.charAt(better)) : String.valueOf(better + 1);
            Integer points = pointsTo(score, next, fit);
            if (points != null) {
                return new MqlGap.Step(score, current, next, score + points, points);
            }
        }
        return new MqlGap.Step(score, current, null, null, null);
    }

    /** The fewest points (0 or more) that give this letter or digit, null when no higher score does. */
    private Integer pointsTo(int score, String value, boolean fit) {
        int[] range = fit ? fitRange : engagementRange;
        for (int s = Math.max(score, range[0]); s <= range[1]; s++) {
            String decided = fit ? letters[s - range[0]] : String.valueOf(digits[s - range[0]]);
            if (value.equals(decided)) {
                return s - score;
            }
        }
        return null;
    }

    private List<MqlGap.RuleOption> options(Grade grade, MqlGap.Target nearest) {
        if (nearest == null) {
            return List.of();
        }
        Map<String, Integer> fired = new HashMap<>();
        for (Contribution contribution : grade.explanation()) {
            if (contribution.points() != 0) {
                fired.merge(contribution.rule(), contribution.points(), Integer::sum);
            }
        }
        List<MqlGap.RuleOption> options = new ArrayList<>();
        for (Points rule : rules.values()) {
            int needed = rule.dimension() == Dimension.FIT ? nearest.fitPoints() : nearest.engagementPoints();
            if (needed <= 0 || rule.points() <= 0 || fired.containsKey(rule.rule())) {
                continue;
            }
            String replaces = null;
            int gain = rule.points();
            if (rule.table() != null) {
                for (Points other : rules.values()) {
                    if (rule.table().equals(other.table()) && fired.containsKey(other.rule())) {
                        replaces = other.rule();
                        gain -= fired.get(other.rule());
                    }
                }
            }
            if (gain > 0) {
                options.add(new MqlGap.RuleOption(
                        rule.rule(),
                        rule.dimension(),
                        rule.points(),
                        replaces,
                        gain,
                        gain >= needed,
                        rule.file(),
                        rule.line()));
            }
        }
        options.sort(Comparator.comparing(MqlGap.RuleOption::gain).reversed().thenComparing(MqlGap.RuleOption::rule));
        return options;
    }

    /** Each rule's points, from the literal it passes to addFit or addEngagement in its consequence. */
    private void readPoints(List<RuleSources.Source> sources) {
        Map<String, RuleProblem> locations = RuleSources.locations(sources);
        for (RuleSources.Source source : sources) {
            // Names come from the text as written; points from the code with comments and strings blanked, which
            // keeps every character where it was.
            String code = RuleSandbox.codeOnly(source.drl());
            Matcher rule = RULE.matcher(source.drl());
            List<Integer> starts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (rule.find()) {
                starts.add(rule.start());
                names.add(
                        rule.group(1) != null ? rule.group(1) : rule.group(2) != null ? rule.group(2) : rule.group(3));
            }
            for (int i = 0; i < names.size(); i++) {
                int end = i + 1 < starts.size() ? starts.get(i + 1) : code.length();
                Matcher points = POINTS.matcher(code.substring(starts.get(i), end));
                if (points.find()) {
                    String name = names.get(i);
                    RuleProblem at = locations.getOrDefault(name, new RuleProblem(source.path(), 0, 0, name));
                    rules.put(
                            name,
                            new Points(
                                    name,
                                    points.group(1).equals("Fit") ? Dimension.FIT : Dimension.ENGAGEMENT,
                                    Integer.parseInt(points.group(2)),
                                    source.table() ? source.path() : null,
                                    at.file(),
                                    at.line()));
                }
            }
        }
    }

    private static int[] bounded(int[] range, Integer floor, Integer cap) {
        int low = floor == null ? range[0] : Math.max(range[0], floor);
        int high = cap == null ? range[1] : Math.min(range[1], cap);
        return new int[] {Math.min(low, high), Math.max(low, high)};
    }
}
