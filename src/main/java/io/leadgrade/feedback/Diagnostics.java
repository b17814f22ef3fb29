package io.leadgrade.feedback;

import io.leadgrade.reports.Stats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what sales did with handed-off leads to the grades and to the rules that fired for them, and finds what
 * misleads. Pure computation over {@link Observation}s; {@link FeedbackService} reads them from the store.
 *
 * <p><b>Rules.</b> Rules fire together: a rule that removes points is found on MQLs only next to rules that add
 * many, so comparing "fired" with "not fired" blames it for its neighbours. Each rule is therefore judged with the
 * other rules held equal: a logistic regression of conversion on every rule that adds or removes points (ridge
 * penalty 1) gives each rule's worth in log-odds, and a rule is over-weighted (or penalises good leads) when its
 * worth is significantly below (above) what its points promise at the ruleset's own exchange rate of points to
 * log-odds (fitted on all rules, then again without those three standard errors off). Disposition codes are
 * judged the same way: a logistic regression of the code on every rule among leads that did not convert, so a rule
 * is not blamed for more of every code only because its leads convert less. Leads are handed off only because of
 * their rules, so conditioning on the rules keeps the estimates free of that selection. The readable evidence
 * beside each test: conversion where the rule fired and where not, the lift, and observed against what the leads'
 * grades promised.
 *
 * <p>Every test needs at least {@code minSample} leads on each side. All rule tests form one family and all grade
 * checks another; each family is corrected with Benjamini-Hochberg at false-discovery rate {@code fdr}, and a flag
 * also needs an effect of practical size ({@code conversionMargin}, {@code codeMargin}).
 */
final class Diagnostics {

    /**
     * @param minSample leads needed on each side of a comparison
     * @param fdr the expected share of false flags among all flags of a family (Benjamini-Hochberg)
     * @param conversionMargin a rule's odds of conversion must be at most 1 - margin (over-weighted) or at least 1 /
     *     (1 - margin) (penalising) times what its points promise
     * @param codeMargin the odds of a disposition code with the rule must be at least this many times the odds
     *     without it
     * @param watchedCodes the codes whose excess is flagged
     */
    record Settings(int minSample, double fdr, double conversionMargin, double codeMargin, Set<String> watchedCodes) {

        static Settings defaults() {
            return new Settings(
                    50,
                    0.01,
                    0.2,
                    1.5,
                    Set.of("WRONG_ROLE", "UNABLE_TO_CONNECT", "BAD_DATA", "EARLY_STAGE", "NO_INTEREST"));
        }
    }

    /** A test that found something (before or after correction: {@code flagged} says which). */
    record Finding(
            FlagKind kind,
            String subject,
            String test,
            double statistic,
            double p,
            double adjustedP,
            boolean flagged,
            Map<String, Object> evidence,
            String summary,
            String recommendation) {}

    /** How a rule's leads fared, with or without a flag. */
    record RuleEvidence(
            String rule,
            double points,
            long fired,
            long firedConverted,
            long notFired,
            long notFiredConverted,
            double conversionFired,
            double conversionNotFired,
            Stats.Interval lift,
            double expectedConverted,
            double observedToExpected,
            Map<String, Double> mixFired,
            Map<String, Double> mixNotFired) {}

    record Result(List<RuleEvidence> rules, List<Finding> findings) {}

    private Diagnostics() {}

    // ---------------------------------------------------------------------------------------------------------
    // Rules

    static Result rules(List<Observation> observations, Settings settings) {
        Set<String> names = new TreeSet<>();
        observations.forEach(o -> names.addAll(o.rules().keySet()));
        long converted = observations.stream().filter(Observation::converted).count();
        List<Observation> unconverted =
                observations.stream().filter(o -> !o.converted()).toList();
        List<RuleEvidence> evidence = new ArrayList<>();
        Map<String, Double> pointsOf = new TreeMap<>();
        List<String> modelled = new ArrayList<>();
        List<String> codeModelled = new ArrayList<>();
        for (String rule : names) {
            long fired = 0;
            long firedConverted = 0;
            double pointsSum = 0;
            Map<String, Long> codesFired = new TreeMap<>();
            Map<String, Long> codesNot = new TreeMap<>();
            long unconvertedFired = 0;
            Map<String, long[]> strata = new TreeMap<>(); // grade -> {N, converted, fired, fired and converted}
            for (Observation o : observations) {
                Integer points = o.rules().get(rule);
                boolean hit = points != null;
                long[] s = strata.computeIfAbsent(o.grade(), g -> new long[4]);
                s[0]++;
                s[1] += o.converted() ? 1 : 0;
                if (hit) {
                    fired++;
                    pointsSum += points;
                    s[2]++;
                    s[3] += o.converted() ? 1 : 0;
                    firedConverted += o.converted() ? 1 : 0;
                }
                if (!o.converted()) {
                    (hit ? codesFired : codesNot).merge(o.disposition(), 1L, Long::sum);
                    unconvertedFired += hit ? 1 : 0;
                }
            }
            long notFired = observations.size() - fired;
            double points = fired == 0 ? 0 : pointsSum / fired;
            pointsOf.put(rule, points);
            Promise byGrade = promise(strata.values());
            evidence.add(new RuleEvidence(
                    rule,
                    points,
                    fired,
                    firedConverted,
                    notFired,
                    converted - firedConverted,
                    rate(firedConverted, fired),
                    rate(converted - firedConverted, notFired),
                    fired == 0 || notFired == 0
                            ? Stats.Interval.NONE
                            : FeedbackStats.rateRatio(firedConverted, fired, converted - firedConverted, notFired),
                    byGrade.expected(),
                    byGrade.ratio(),
                    shares(codesFired, unconvertedFired),
                    shares(codesNot, unconverted.size() - unconvertedFired)));
            if (points != 0 && fired >= settings.minSample() && notFired >= settings.minSample()) {
                modelled.add(rule);
                if (unconvertedFired >= settings.minSample()
                        && unconverted.size() - unconvertedFired >= settings.minSample()) {
                    codeModelled.add(rule);
                }
            }
        }
        Map<String, RuleEvidence> byRule = new TreeMap<>();
        evidence.forEach(e -> byRule.put(e.rule(), e));
        List<Finding> tests = new ArrayList<>();
        if (!modelled.isEmpty() && converted > 0) {
            Logistic.Fit fit = Logistic.fit(observations, modelled, Observation::converted, RIDGE);
            double scale = logOddsPerPoint(fit, pointsOf);
            for (String rule : modelled) {
                double points = pointsOf.get(rule);
                double beta = fit.beta(rule);
                double se = fit.standardError(rule);
                double promised = scale * points;
                double gap = beta - promised;
                double z = se == 0 ? 0 : gap / se;
                boolean adds = points > 0;
                double suggested = scale == 0 ? Double.NaN : beta / scale;
                RuleEvidence e = byRule.get(rule);
                Map<String, Object> numbers = new LinkedHashMap<>();
                numbers.put("points", points);
                numbers.put("suggestedPoints", suggested);
                numbers.put("leads", e.fired());
                numbers.put("converted", e.firedConverted());
                numbers.put("conversionFired", e.conversionFired());
                numbers.put("conversionFiredInterval", FeedbackStats.wilson(e.firedConverted(), e.fired()));
                numbers.put("conversionNotFired", e.conversionNotFired());
                numbers.put("lift", e.conversionFired() / e.conversionNotFired());
                numbers.put("liftInterval", e.lift());
                numbers.put("expectedFromGrades", e.expectedConverted());
                numbers.put("observedToExpected", e.observedToExpected());
                numbers.put("logOdds", beta);
                numbers.put("logOddsStandardError", se);
                numbers.put("logOddsPromisedByPoints", promised);
                numbers.put("logOddsPerPoint", scale);
                String summary = String.format(
                        Locale.ROOT,
                        "%d of its %d leads converted (%.1f %%; %.1f %% without it), where their grades promised"
                                + " %.1f; with the other rules held equal it is worth %+.2f log-odds, its %+.0f"
                                + " points promise %+.2f",
                        e.firedConverted(),
                        e.fired(),
                        100 * e.conversionFired(),
                        100 * e.conversionNotFired(),
                        e.expectedConverted(),
                        beta,
                        points,
                        promised);
                String advice = String.format(
                        Locale.ROOT,
                        "%s its points from %+.0f to about %+.0f",
                        suggested < points ? "lower" : "raise",
                        points,
                        suggested);
                tests.add(new Finding(
                        adds ? FlagKind.OVER_WEIGHTED : FlagKind.PENALISES_GOOD_LEADS,
                        rule,
                        "Wald test of its logistic-regression coefficient against the one its points promise,"
                                + " one-sided",
                        z,
                        FeedbackStats.upperTail(adds ? -z : z),
                        Double.NaN,
                        adds
                                ? gap <= Math.log(1 - settings.conversionMargin())
                                : gap >= -Math.log(1 - settings.conversionMargin()),
                        numbers,
                        summary,
                        advice));
            }
        }
        for (String code : settings.watchedCodes()) {
            if (codeModelled.isEmpty() || unconverted.stream().noneMatch(o -> code.equals(o.disposition()))) {
                continue;
            }
            Logistic.Fit fit = Logistic.fit(unconverted, codeModelled, o -> code.equals(o.disposition()), RIDGE);
            for (String rule : codeModelled) {
                RuleEvidence e = byRule.get(rule);
                double beta = fit.beta(rule);
                double se = fit.standardError(rule);
                double z = se == 0 ? 0 : beta / se;
                double shareFired = e.mixFired().getOrDefault(code, 0.0);
                double shareNot = e.mixNotFired().getOrDefault(code, 0.0);
                Map<String, Object> numbers = new LinkedHashMap<>();
                numbers.put("code", code);
                numbers.put("shareFired", shareFired);
                numbers.put("shareNotFired", shareNot);
                numbers.put("oddsRatio", Math.exp(beta));
                numbers.put(
                        "oddsRatioInterval",
                        new Stats.Interval(
                                Math.exp(beta - FeedbackStats.Z95 * se), Math.exp(beta + FeedbackStats.Z95 * se)));
                tests.add(new Finding(
                        FlagKind.excess(code),
                        rule,
                        "Wald test of its coefficient in a logistic regression of " + code
                                + " on all rules, among leads that did not convert, one-sided",
                        z,
                        FeedbackStats.upperTail(z),
                        Double.NaN,
                        Math.exp(beta) >= settings.codeMargin(),
                        numbers,
                        String.format(
                                Locale.ROOT,
                                "%.0f %% of its leads without a conversion ended %s, %.0f %% of the others; odds"
                                        + " %.1f times as high with the other rules held equal",
                                100 * shareFired,
                                code,
                                100 * shareNot,
                                Math.exp(beta)),
                        FlagKind.excess(code).meaning()));
            }
        }
        return new Result(evidence, correct(tests, settings.fdr()));
    }

    /** The ridge penalty of the regressions: one pseudo-observation's worth per coefficient. */
    static final double RIDGE = 1.0;

    /**
     * How many log-odds a point is worth in this data: least squares through the origin of the rules' coefficients
     * on their points, fitted twice, the second time without rules more than three standard errors off the first
     * line (the rules in question must not set the scale they are judged by).
     */
    static double logOddsPerPoint(Logistic.Fit fit, Map<String, Double> points) {
        double scale = scale(fit, points, rule -> true);
        double first = scale;
        return scale(fit, points, rule -> {
            double se = fit.standardError(rule);
            return se > 0 && Math.abs(fit.beta(rule) - first * points.get(rule)) <= 3 * se;
        });
    }

    private static double scale(
            Logistic.Fit fit, Map<String, Double> points, java.util.function.Predicate<String> use) {
        double numerator = 0;
        double denominator = 0;
        for (String rule : fit.rules()) {
            if (!use.test(rule)) {
                continue;
            }
            double p = points.get(rule);
            numerator += p * fit.beta(rule);
            denominator += p * p;
        }
        return denominator == 0 ? 0 : numerator / denominator;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Grades

    /**
     * Grade checks: inversions between a grade and each grade it dominates (at least as good a letter and digit,
     * Fisher's exact test), MQL grades below the target (exact binomial test), grades that are not MQLs above the MQL
     * average (Fisher's exact test). {@code target} may be null (no agreed target).
     */
    static List<Finding> grades(
            Collection<Observation> observations, Set<String> mqlGrades, Double target, Settings settings) {
        Map<String, long[]> byGrade = new TreeMap<>(); // grade -> {n, converted}
        for (Observation o : observations) {
            long[] g = byGrade.computeIfAbsent(o.grade(), k -> new long[2]);
            g[0]++;
            g[1] += o.converted() ? 1 : 0;
        }
        List<Finding> tests = new ArrayList<>();
        for (var higher : byGrade.entrySet()) {
            for (var lower : byGrade.entrySet()) {
                if (!dominates(higher.getKey(), lower.getKey())) {
                    continue;
                }
                long[] h = higher.getValue();
                long[] l = lower.getValue();
                if (h[0] < settings.minSample() || l[0] < settings.minSample()) {
                    continue;
                }
                double p = FeedbackStats.fisherGreater(l[1], l[0], h[1], h[0]);
                Map<String, Object> numbers = gradeNumbers(lower.getKey(), l);
                numbers.put("higherGrade", higher.getKey());
                numbers.put("higherLeads", h[0]);
                numbers.put("higherConverted", h[1]);
                numbers.put("higherConversion", rate(h[1], h[0]));
                numbers.put("higherInterval", FeedbackStats.wilson(h[1], h[0]));
                tests.add(new Finding(
                        FlagKind.CALIBRATION_INVERSION,
                        lower.getKey() + " above " + higher.getKey(),
                        "Fisher's exact test, one-sided",
                        Double.NaN,
                        p,
                        Double.NaN,
                        rate(l[1], l[0]) > rate(h[1], h[0]),
                        numbers,
                        String.format(
                                Locale.ROOT,
                                "%s converts %.1f %% (%d of %d), %s only %.1f %% (%d of %d)",
                                lower.getKey(),
                                100 * rate(l[1], l[0]),
                                l[1],
                                l[0],
                                higher.getKey(),
                                100 * rate(h[1], h[0]),
                                h[1],
                                h[0]),
                        FlagKind.CALIBRATION_INVERSION.meaning()));
            }
        }
        long mqlLeads = 0;
        long mqlConverted = 0;
        for (var grade : byGrade.entrySet()) {
            if (mqlGrades.contains(grade.getKey())) {
                mqlLeads += grade.getValue()[0];
                mqlConverted += grade.getValue()[1];
            }
        }
        for (var grade : byGrade.entrySet()) {
            long[] g = grade.getValue();
            if (g[0] < settings.minSample()) {
                continue;
            }
            if (mqlGrades.contains(grade.getKey()) && target != null) {
                Map<String, Object> numbers = gradeNumbers(grade.getKey(), g);
                numbers.put("target", target);
                tests.add(new Finding(
                        FlagKind.MQL_BELOW_TARGET,
                        grade.getKey(),
                        "exact binomial test against the target, one-sided",
                        Double.NaN,
                        FeedbackStats.binomialAtMost(g[1], g[0], target),
                        Double.NaN,
                        rate(g[1], g[0]) < target,
                        numbers,
                        String.format(
                                Locale.ROOT,
                                "%s converts %.1f %% (%d of %d) against a target of %.1f %%",
                                grade.getKey(),
                                100 * rate(g[1], g[0]),
                                g[1],
                                g[0],
                                100 * target),
                        FlagKind.MQL_BELOW_TARGET.meaning()));
            } else if (!mqlGrades.contains(grade.getKey()) && mqlLeads >= settings.minSample()) {
                Map<String, Object> numbers = gradeNumbers(grade.getKey(), g);
                numbers.put("mqlLeads", mqlLeads);
                numbers.put("mqlConverted", mqlConverted);
                numbers.put("mqlConversion", rate(mqlConverted, mqlLeads));
                tests.add(new Finding(
                        FlagKind.NON_MQL_ABOVE_MQL,
                        grade.getKey(),
                        "Fisher's exact test against all MQL grades, one-sided",
                        Double.NaN,
                        FeedbackStats.fisherGreater(g[1], g[0], mqlConverted, mqlLeads),
                        Double.NaN,
                        rate(g[1], g[0]) > rate(mqlConverted, mqlLeads),
                        numbers,
                        String.format(
                                Locale.ROOT,
                                "%s is not an MQL grade but converts %.1f %% (%d of %d), MQLs %.1f %%",
                                grade.getKey(),
                                100 * rate(g[1], g[0]),
                                g[1],
                                g[0],
                                100 * rate(mqlConverted, mqlLeads)),
                        FlagKind.NON_MQL_ABOVE_MQL.meaning()));
            }
        }
        return correct(tests, settings.fdr());
    }

    /** Whether grade {@code a} is at least as good as {@code b} in letter and digit, and better in one. */
    static boolean dominates(String a, String b) {
        if (a.length() != 2 || b.length() != 2 || a.equals(b)) {
            return false;
        }
        return a.charAt(0) <= b.charAt(0) && a.charAt(1) <= b.charAt(1);
    }

    private static Map<String, Object> gradeNumbers(String grade, long[] counts) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("grade", grade);
        numbers.put("leads", counts[0]);
        numbers.put("converted", counts[1]);
        numbers.put("conversion", rate(counts[1], counts[0]));
        numbers.put("interval", FeedbackStats.wilson(counts[1], counts[0]));
        return numbers;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Benjamini-Hochberg over the family; a finding is flagged when significant and of practical size. */
    private static List<Finding> correct(List<Finding> tests, double fdr) {
        double[] p = tests.stream().mapToDouble(Finding::p).toArray();
        double[] adjusted = FeedbackStats.benjaminiHochberg(p);
        List<Finding> corrected = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            Finding t = tests.get(i);
            corrected.add(new Finding(
                    t.kind(),
                    t.subject(),
                    t.test(),
                    t.statistic(),
                    t.p(),
                    adjusted[i],
                    t.flagged() && adjusted[i] <= fdr,
                    t.evidence(),
                    t.summary(),
                    t.recommendation()));
        }
        return corrected;
    }

    /** What a rule's leads did against what their grades promised: each lead converting as its grade converts. */
    record Promise(double observed, double expected) {

        double ratio() {
            return expected == 0 ? Double.NaN : observed / expected;
        }
    }

    /** Over strata {leads, converted, rule fired, fired and converted}, one per grade. */
    static Promise promise(Collection<long[]> strata) {
        double observed = 0;
        double expected = 0;
        for (long[] s : strata) {
            observed += s[3];
            expected += s[0] == 0 ? 0 : (double) s[2] * s[1] / s[0];
        }
        return new Promise(observed, expected);
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long total) {
        Map<String, Double> shares = new TreeMap<>();
        counts.forEach((code, count) -> shares.put(code, rate(count, total)));
        return shares;
    }

    static double rate(long x, long n) {
        return n == 0 ? Double.NaN : (double) x / n;
    }
}
