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
 * <p><b>Rules.</b> Rules fire together, so each rule is judged with the other rules held equal ({@link RuleWeights}):
 * in both directions (over- and under-weighted, penalties too strong and too weak), never when it cannot be told
 * apart from the rules it fires with ({@link Overlap}), and never when its leads convert as their grades promise.
 * Disposition codes are judged by a logistic regression of the code on every rule among leads that did not
 * convert, so a rule is not blamed for more of every code only because its leads convert less. Leads are handed off
 * only because of their rules, so conditioning on the rules keeps the estimates free of that selection.
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

    /**
     * How a rule's leads fared, with or without a flag. Numbers that cannot be computed (no leads on a side, a rule
     * too rare to model) are null, not NaN.
     *
     * @param dimension "fit" or "engagement"
     * @param observedToExpected its leads' conversions over the number their grades promised
     * @param logOdds what it is worth with the other rules held equal (null when not modelled)
     * @param comparisonLeads what its comparison is worth in leads once the other rules are held equal
     * @param coFiring rules firing on at least 30 % of its leads, with the share
     * @param cannotBeSeparatedFrom rules it cannot be told apart from (then it is not judged alone)
     * @param verdict what the diagnostics concluded, in words
     */
    record RuleEvidence(
            String rule,
            String dimension,
            double points,
            long fired,
            long firedConverted,
            long notFired,
            long notFiredConverted,
            Double conversionFired,
            Double conversionNotFired,
            Stats.Interval lift,
            double expectedConverted,
            Double observedToExpected,
            Stats.Interval observedToExpectedInterval,
            Double logOdds,
            Double logOddsPromisedByPoints,
            Long comparisonLeads,
            List<Overlap.CoFiring> coFiring,
            List<String> cannotBeSeparatedFrom,
            String verdict,
            Map<String, Double> mixFired,
            Map<String, Double> mixNotFired) {}

    record Result(List<RuleEvidence> rules, List<Finding> findings) {}

    private Diagnostics() {}

    // ---------------------------------------------------------------------------------------------------------
    // Rules

    static Result rules(List<Observation> observations, Settings settings) {
        Set<String> names = new TreeSet<>();
        Set<String> engagementRules = new TreeSet<>();
        observations.forEach(o -> {
            names.addAll(o.rules().keySet());
            engagementRules.addAll(o.engagementRules());
        });
        long converted = observations.stream().filter(Observation::converted).count();
        List<Observation> unconverted =
                observations.stream().filter(o -> !o.converted()).toList();
        Map<String, RuleWeights.Basics> basics = new TreeMap<>();
        Map<String, Side> sides = new TreeMap<>();
        Map<String, Map<String, Double>[]> mixes = new TreeMap<>();
        List<String> modelled = new ArrayList<>();
        List<String> codeModelled = new ArrayList<>();
        for (String rule : names) {
            long fired = 0;
            long firedConverted = 0;
            double pointsSum = 0;
            Map<String, Long> codesFired = new TreeMap<>();
            Map<String, Long> codesNot = new TreeMap<>();
            long unconvertedFired = 0;
            Map<String, Stratum> strata = new TreeMap<>(); // by grade
            for (Observation o : observations) {
                Integer points = o.rules().get(rule);
                boolean hit = points != null;
                Stratum s = strata.computeIfAbsent(o.grade(), g -> new Stratum());
                s.all.add(o.converted());
                if (hit) {
                    fired++;
                    pointsSum += points;
                    s.fired.add(o.converted());
                    firedConverted += o.converted() ? 1 : 0;
                }
                if (!o.converted()) {
                    (hit ? codesFired : codesNot).merge(o.disposition(), 1L, Long::sum);
                    unconvertedFired += hit ? 1 : 0;
                }
            }
            long notFired = observations.size() - fired;
            double points = fired == 0 ? 0 : pointsSum / fired;
            Promise byGrade = promise(strata.values());
            basics.put(
                    rule,
                    new RuleWeights.Basics(
                            rule,
                            points,
                            engagementRules.contains(rule),
                            fired,
                            firedConverted,
                            rate(firedConverted, fired),
                            rate(converted - firedConverted, notFired),
                            byGrade.expected(),
                            FeedbackStats.observedToExpected(firedConverted, byGrade.expected())));
            sides.put(rule, new Side(notFired, converted - firedConverted));
            @SuppressWarnings("unchecked")
            Map<String, Double>[] mix = new Map[] {
                shares(codesFired, unconvertedFired), shares(codesNot, unconverted.size() - unconvertedFired)
            };
            mixes.put(rule, mix);
            if (points != 0 && fired >= settings.minSample() && notFired >= settings.minSample()) {
                modelled.add(rule);
                if (unconvertedFired >= settings.minSample()
                        && unconverted.size() - unconvertedFired >= settings.minSample()) {
                    codeModelled.add(rule);
                }
            }
        }
        Map<String, RuleWeights.Judgement> judged = RuleWeights.judge(observations, modelled, basics, settings);
        List<Finding> tests = new ArrayList<>();
        judged.values().forEach(j -> tests.add(j.finding()));
        List<RuleEvidence> evidence = new ArrayList<>();
        Map<String, RuleEvidence> byRule = new TreeMap<>();
        for (String rule : names) {
            RuleWeights.Basics b = basics.get(rule);
            Side side = sides.get(rule);
            RuleWeights.Judgement j = judged.get(rule);
            RuleEvidence e = new RuleEvidence(
                    rule,
                    b.engagement() ? "engagement" : "fit",
                    b.points(),
                    b.fired(),
                    b.firedConverted(),
                    side.notFired(),
                    side.notFiredConverted(),
                    b.conversionFired(),
                    b.conversionNotFired(),
                    b.fired() == 0 || side.notFired() == 0
                            ? null
                            : FeedbackStats.rateRatio(
                                    b.firedConverted(), b.fired(), side.notFiredConverted(), side.notFired()),
                    b.expected(),
                    b.expected() == 0 ? null : b.firedConverted() / b.expected(),
                    b.observedToExpected(),
                    j == null ? null : j.logOdds(),
                    j == null ? null : j.promisedLogOdds(),
                    j == null ? null : Math.round(j.effectiveComparison()),
                    j == null ? List.of() : j.coFiring(),
                    j == null ? List.of() : j.cannotBeSeparatedFrom(),
                    verdict(b, side.notFired(), j, settings),
                    mixes.get(rule)[0],
                    mixes.get(rule)[1]);
            evidence.add(e);
            byRule.put(rule, e);
        }
        for (String code : settings.watchedCodes()) {
            if (codeModelled.isEmpty() || unconverted.stream().noneMatch(o -> code.equals(o.disposition()))) {
                continue;
            }
            Logistic.Fit fit =
                    Logistic.fit(unconverted, codeModelled, o -> code.equals(o.disposition()), RuleWeights.RIDGE);
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

    /** One line on what became of a rule: flagged, judged sound, or why it could not be judged. */
    private static String verdict(RuleWeights.Basics b, long notFired, RuleWeights.Judgement j, Settings settings) {
        if (b.points() == 0) {
            return "decides rather than adds points: not judged on points";
        }
        if (b.fired() < settings.minSample()) {
            return "too few leads (" + b.fired() + ") to judge it; the minimum is " + settings.minSample();
        }
        if (notFired < settings.minSample()) {
            return "cannot be separated from the base rate: it fired for all but " + notFired
                    + " leads (the minimum without it is " + settings.minSample() + ")";
        }
        if (j == null) {
            return "not judged: no conversions";
        }
        if (!j.cannotBeSeparatedFrom().isEmpty() || j.effectiveComparison() < settings.minSample()) {
            return j.finding().summary();
        }
        return j.finding().flagged()
                ? "flagged: " + j.finding().kind()
                : "tested: " + j.finding().recommendation();
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
        Map<String, Tally> byGrade = new TreeMap<>();
        for (Observation o : observations) {
            byGrade.computeIfAbsent(o.grade(), k -> new Tally()).add(o.converted());
        }
        List<Finding> tests = new ArrayList<>();
        for (var higher : byGrade.entrySet()) {
            for (var lower : byGrade.entrySet()) {
                if (!dominates(higher.getKey(), lower.getKey())) {
                    continue;
                }
                Tally h = higher.getValue();
                Tally l = lower.getValue();
                if (h.leads < settings.minSample() || l.leads < settings.minSample()) {
                    continue;
                }
                double p = FeedbackStats.fisherGreater(l.converted, l.leads, h.converted, h.leads);
                Map<String, Object> numbers = gradeNumbers(lower.getKey(), l);
                numbers.put("higherGrade", higher.getKey());
                numbers.put("higherLeads", h.leads);
                numbers.put("higherConverted", h.converted);
                numbers.put("higherConversion", rate(h.converted, h.leads));
                numbers.put("higherInterval", Stats.wilson(h.converted, h.leads));
                tests.add(new Finding(
                        FlagKind.CALIBRATION_INVERSION,
                        lower.getKey() + " above " + higher.getKey(),
                        "Fisher's exact test, one-sided",
                        Double.NaN,
                        p,
                        Double.NaN,
                        rate(l.converted, l.leads) > rate(h.converted, h.leads),
                        numbers,
                        String.format(
                                Locale.ROOT,
                                "%s converts %.1f %% (%d of %d), %s only %.1f %% (%d of %d)",
                                lower.getKey(),
                                100 * rate(l.converted, l.leads),
                                l.converted,
                                l.leads,
                                higher.getKey(),
                                100 * rate(h.converted, h.leads),
                                h.converted,
                                h.leads),
                        FlagKind.CALIBRATION_INVERSION.meaning()));
            }
        }
        long mqlLeads = 0;
        long mqlConverted = 0;
        for (var grade : byGrade.entrySet()) {
            if (mqlGrades.contains(grade.getKey())) {
                mqlLeads += grade.getValue().leads;
                mqlConverted += grade.getValue().converted;
            }
        }
        for (var grade : byGrade.entrySet()) {
            Tally g = grade.getValue();
            if (g.leads < settings.minSample()) {
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
                        FeedbackStats.binomialAtMost(g.converted, g.leads, target),
                        Double.NaN,
                        rate(g.converted, g.leads) < target,
                        numbers,
                        String.format(
                                Locale.ROOT,
                                "%s converts %.1f %% (%d of %d) against a target of %.1f %%",
                                grade.getKey(),
                                100 * rate(g.converted, g.leads),
                                g.converted,
                                g.leads,
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
                        FeedbackStats.fisherGreater(g.converted, g.leads, mqlConverted, mqlLeads),
                        Double.NaN,
                        rate(g.converted, g.leads) > rate(mqlConverted, mqlLeads),
                        numbers,
                        String.format(
                                Locale.ROOT,
                                "%s is not an MQL grade but converts %.1f %% (%d of %d), MQLs %.1f %%",
                                grade.getKey(),
                                100 * rate(g.converted, g.leads),
                                g.converted,
                                g.leads,
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

    private static Map<String, Object> gradeNumbers(String grade, Tally counts) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("grade", grade);
        numbers.put("leads", counts.leads);
        numbers.put("converted", counts.converted);
        numbers.put("conversion", rate(counts.converted, counts.leads));
        numbers.put("interval", Stats.wilson(counts.converted, counts.leads));
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

    /** Leads and how many of them converted. */
    static final class Tally {
        long leads;
        long converted;

        void add(boolean converts) {
            leads++;
            converted += converts ? 1 : 0;
        }
    }

    /** The leads of one grade, and of them those a rule fired on. */
    static final class Stratum {
        final Tally all = new Tally();
        final Tally fired = new Tally();
    }

    /** The leads a rule did not fire on, and how many of them converted. */
    record Side(long notFired, long notFiredConverted) {}

    /** What a rule's leads did against what their grades promised: each lead converting as its grade converts. */
    record Promise(double observed, double expected) {

        double ratio() {
            return expected == 0 ? Double.NaN : observed / expected;
        }
    }

    /** Over strata, one per grade: each lead the rule fired on converting as its grade converts. */
    static Promise promise(Collection<Stratum> strata) {
        double observed = 0;
        double expected = 0;
        for (Stratum s : strata) {
            observed += s.fired.converted;
            expected += s.all.leads == 0 ? 0 : (double) s.fired.leads * s.all.converted / s.all.leads;
        }
        return new Promise(observed, expected);
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long total) {
        Map<String, Double> shares = new TreeMap<>();
        counts.forEach((code, count) -> shares.put(code, rate(count, total)));
        return shares;
    }

    static Double rate(long x, long n) {
        return n == 0 ? null : (double) x / n;
    }
}
