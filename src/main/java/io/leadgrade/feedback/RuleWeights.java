package io.leadgrade.feedback;

import io.leadgrade.reports.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether each rule's points match what its leads did, in both directions, with the other rules held equal; and
 * what its points should be, as an interval the data supports, with what that does to grades.
 *
 * <p>A logistic regression of conversion on every rule that gives points (ridge penalty {@link #RIDGE}) says what
 * each rule is worth in log-odds. The ruleset's exchange rate of points to log-odds is fitted over the rules that
 * can be judged apart (least squares through the origin, then again without rules three standard errors off it).
 * A rule is flagged only when all of these hold, so that a flag is something a person can act on:
 * <ol>
 *   <li>it can be told apart from every other rule and from the base rate ({@link Overlap}); otherwise the finding
 *       says which rules it "cannot be separated from" and what they are worth together;
 *   <li>its worth differs from what its points promise, significantly after Benjamini-Hochberg over all rule tests,
 *       and by at least the practical margin;
 *   <li>its leads' conversions against what their grades promised (observed / expected, exact Poisson interval)
 *       point the same way, with an interval that excludes 1: a rule whose leads convert as their grades promise is
 *       never flagged, whatever the regression says.
 * </ol>
 */
final class RuleWeights {

    /** The ridge penalty of the regressions: one pseudo-observation's worth per coefficient. */
    static final double RIDGE = 1.0;

    /** Co-firing partners sharing at least this share of a rule's leads are listed with the shared credit. */
    static final double LISTED_SHARE = 0.3;

    /** What the regression says about one rule, flagged or not. */
    record Judgement(
            String rule,
            Double logOdds,
            Double logOddsStandardError,
            Double promisedLogOdds,
            double effectiveComparison,
            List<Overlap.CoFiring> coFiring,
            List<String> cannotBeSeparatedFrom,
            Diagnostics.Finding finding) {}

    /** A rule's basic numbers, from {@link Diagnostics}. */
    record Basics(
            String rule,
            double points,
            boolean engagement,
            long fired,
            long firedConverted,
            Double conversionFired,
            Double conversionNotFired,
            double expected,
            Stats.Interval observedToExpected) {}

    private RuleWeights() {}

    static Map<String, Judgement> judge(
            List<Observation> observations,
            List<String> modelled,
            Map<String, Basics> basics,
            Diagnostics.Settings settings) {
        Map<String, Judgement> judgements = new TreeMap<>();
        if (modelled.isEmpty() || observations.stream().noneMatch(Observation::converted)) {
            return judgements;
        }
        Overlap overlap = new Overlap(observations, modelled);
        Logistic.Fit fit = Logistic.fit(observations, modelled, Observation::converted, RIDGE);
        Map<String, List<String>> inseparable = new TreeMap<>();
        List<String> separable = new ArrayList<>();
        for (String rule : modelled) {
            List<String> blocking = overlap.inseparableFrom(rule, settings.minSample());
            inseparable.put(rule, blocking);
            if (blocking.isEmpty() && overlap.effectiveComparison(rule) >= settings.minSample()) {
                separable.add(rule);
            }
        }
        Map<String, Double> points = new TreeMap<>();
        basics.forEach((rule, b) -> points.put(rule, b.points()));
        double[] scale = logOddsPerPoint(fit, points, separable);
        Thresholds thresholds = Thresholds.seen(observations);
        java.util.Set<String> gradesSeen = new java.util.TreeSet<>();
        observations.forEach(o -> gradesSeen.add(o.grade()));
        for (String rule : modelled) {
            Basics b = basics.get(rule);
            double beta = fit.beta(rule);
            double se = fit.standardError(rule);
            double promised = scale[0] * b.points();
            double gap = beta - promised;
            double z = se == 0 ? 0 : gap / se;
            List<Overlap.CoFiring> partners = overlap.coFiring(rule, LISTED_SHARE);
            List<String> blocking = inseparable.get(rule);
            double effective = overlap.effectiveComparison(rule);
            boolean judgeable = separable.contains(rule);
            FlagKind kind = b.points() > 0
                    ? (gap < 0 ? FlagKind.OVER_WEIGHTED : FlagKind.UNDER_WEIGHTED)
                    : (gap > 0 ? FlagKind.PENALTY_TOO_STRONG : FlagKind.PENALTY_TOO_WEAK);
            boolean worse = gap < 0; // its leads convert worse than its points promise
            Stats.Interval oe = b.observedToExpected();
            boolean promiseBroken = oe != null && (worse ? oe.high() < 1 : oe.low() > 1);
            boolean large = Math.abs(gap) >= -Math.log(1 - settings.conversionMargin());
            Map<String, Object> numbers = new LinkedHashMap<>();
            numbers.put("points", b.points());
            numbers.put("leads", b.fired());
            numbers.put("converted", b.firedConverted());
            numbers.put("conversionFired", b.conversionFired());
            numbers.put("conversionFiredInterval", Stats.wilson(b.firedConverted(), b.fired()));
            numbers.put("conversionNotFired", b.conversionNotFired());
            numbers.put("expectedFromGrades", b.expected());
            numbers.put("observedToExpected", b.expected() == 0 ? null : b.firedConverted() / b.expected());
            numbers.put("observedToExpectedInterval", oe);
            numbers.put("logOdds", beta);
            numbers.put("logOddsStandardError", se);
            numbers.put("logOddsPromisedByPoints", promised);
            numbers.put("logOddsPerPoint", scale[0]);
            numbers.put("logOddsPerPointStandardError", scale[1]);
            numbers.put("comparisonLeads", Math.round(effective));
            numbers.put("coFiring", partners);
            numbers.put("cannotBeSeparatedFrom", blocking);
            String credit = sharedCredit(rule, beta, b.points(), partners, fit, points, scale[0]);
            numbers.put("sharedCredit", credit);
            String summary;
            String advice;
            if (!judgeable) {
                summary = cannotSeparate(rule, blocking, effective, settings.minSample(), partners, fit, points, scale);
                advice = "no change can be recommended for it alone: judge it together with "
                        + (blocking.isEmpty()
                                ? "the base rate (it fires for nearly every lead)"
                                : String.join(", ", blocking));
            } else {
                summary = summary(b, beta, promised, oe) + (credit == null ? "" : "; " + credit);
                Recommendation recommendation =
                        recommend(b, beta, se, scale, observations, rule, thresholds, gradesSeen);
                numbers.put("suggestedPoints", recommendation.points());
                numbers.put("suggestedPointsInterval", recommendation.interval());
                numbers.put("thresholdEffect", recommendation.effect());
                advice = recommendation.text();
                if (!promiseBroken) {
                    summary += String.format(
                            Locale.ROOT,
                            "; not flagged: its leads convert %.2f times what their grades promise (95 %% interval"
                                    + " %.2f to %.2f, which contains 1)",
                            b.firedConverted() / b.expected(),
                            oe == null ? Double.NaN : oe.low(),
                            oe == null ? Double.NaN : oe.high());
                }
            }
            Diagnostics.Finding finding = new Diagnostics.Finding(
                    kind,
                    rule,
                    "Wald test of its logistic-regression coefficient against the one its points promise,"
                            + " two-sided; observed / expected from its leads' grades, exact Poisson interval",
                    z,
                    judgeable ? FeedbackStats.twoSided(z) : 1,
                    Double.NaN,
                    judgeable && large && promiseBroken,
                    numbers,
                    summary,
                    advice);
            judgements.put(rule, new Judgement(rule, beta, se, promised, effective, partners, blocking, finding));
        }
        return judgements;
    }

    /**
     * Points to log-odds over the separable rules: least squares through the origin, fitted twice, the second time
     * without rules more than three standard errors off the first line. Returns {rate, its standard error}.
     */
    static double[] logOddsPerPoint(Logistic.Fit fit, Map<String, Double> points, List<String> rules) {
        double[] first = scale(fit, points, rules);
        List<String> kept = rules.stream()
                .filter(rule -> {
                    double se = fit.standardError(rule);
                    return se > 0 && Math.abs(fit.beta(rule) - first[0] * points.get(rule)) <= 3 * se;
                })
                .toList();
        return kept.isEmpty() ? first : scale(fit, points, kept);
    }

    private static double[] scale(Logistic.Fit fit, Map<String, Double> points, List<String> rules) {
        double numerator = 0;
        double denominator = 0;
        double variance = 0;
        for (String rule : rules) {
            double p = points.get(rule);
            double se = fit.standardError(rule);
            numerator += p * fit.beta(rule);
            denominator += p * p;
            variance += p * p * se * se;
        }
        return denominator == 0
                ? new double[] {0, Double.NaN}
                : new double[] {numerator / denominator, Math.sqrt(variance) / denominator};
    }

    /** A change of points with the interval the data supports and what it does to grades. */
    record Recommendation(Long points, Map<String, Long> interval, Map<String, Object> effect, String text) {}

    private static Recommendation recommend(
            Basics b,
            double beta,
            double se,
            double[] scale,
            List<Observation> observations,
            String rule,
            Thresholds thresholds,
            java.util.Set<String> gradesSeen) {
        if (!(scale[0] > 0) || scale[0] - FeedbackStats.Z95 * scale[1] <= 0) {
            return new Recommendation(
                    null,
                    null,
                    null,
                    String.format(
                            Locale.ROOT,
                            "no points can be suggested: in this data the ruleset's points do not track conversion"
                                    + " (%.3f log-odds per point, standard error %.3f)",
                            scale[0],
                            scale[1]));
        }
        long suggested = Math.round(beta / scale[0]);
        long low = Math.round((beta - FeedbackStats.Z95 * se) / scale[0]);
        long high = Math.round((beta + FeedbackStats.Z95 * se) / scale[0]);
        long current = Math.round(b.points());
        Map<String, Long> interval = new LinkedHashMap<>();
        interval.put("low", low);
        interval.put("high", high);
        if (low <= current && current <= high) {
            return new Recommendation(
                    suggested,
                    interval,
                    null,
                    String.format(
                            Locale.ROOT,
                            "keep its points: the data supports %+d to %+d, which includes its %+d",
                            low,
                            high,
                            current));
        }
        long target = current < low ? low : high; // the nearest value the data supports, not the point estimate
        Map<String, Object> effect =
                effect(observations, rule, b.engagement(), (int) (target - current), thresholds, gradesSeen);
        // When points are cheap in log-odds the interval can lie far out; past some value the rule's handed-off
        // leads are all already moved as far as they go, and further points change nothing a person would see.
        long enough = target;
        for (long value = current; value != target; value += Long.signum(target - current)) {
            Map<String, Object> at =
                    effect(observations, rule, b.engagement(), (int) (value - current), thresholds, gradesSeen);
            if (at.get("moves").equals(effect.get("moves"))) {
                enough = value;
                break;
            }
        }
        effect.put("sameEffectFrom", enough);
        String direction = target < current ? "lower" : "raise";
        String saturation = enough == target
                ? ""
                : String.format(
                        Locale.ROOT,
                        " (for its handed-off leads anything %s %+d does the same: in this data a point is worth"
                                + " only %.3f log-odds)",
                        target < current ? "at or below" : "at or above",
                        enough,
                        scale[0]);
        return new Recommendation(
                suggested,
                interval,
                effect,
                String.format(
                        Locale.ROOT,
                        "%s its points from %+d to between %+d and %+d (best estimate %+d); at %+d%s, %s",
                        direction,
                        current,
                        low,
                        high,
                        suggested,
                        target,
                        saturation,
                        effect.get("text")));
    }

    /** What moving this rule's points by {@code delta} does to its handed-off leads' letters or digits. */
    private static Map<String, Object> effect(
            List<Observation> observations,
            String rule,
            boolean engagement,
            int delta,
            Thresholds thresholds,
            java.util.Set<String> gradesSeen) {
        Map<Character, Integer> steps = engagement ? thresholds.digits() : thresholds.letters();
        Map<String, Long> moves = new TreeMap<>();
        long leads = 0;
        long changed = 0;
        long leaving = 0;
        for (Observation o : observations) {
            if (!o.rules().containsKey(rule) || o.grade() == null || o.grade().length() != 2) {
                continue;
            }
            leads++;
            int total = engagement ? o.engagementPoints() : o.fitPoints();
            char before = engagement ? o.grade().charAt(1) : o.grade().charAt(0);
            char after = Thresholds.step(steps, total + delta);
            if (after != before) {
                changed++;
                moves.merge(before + "→" + after, 1L, Long::sum);
                String grade = engagement
                        ? o.grade().charAt(0) + "" + after
                        : after + "" + o.grade().charAt(1);
                leaving += gradesSeen.contains(grade) ? 0 : 1;
            }
        }
        Map<String, Object> effect = new LinkedHashMap<>();
        String what = engagement ? "digit" : "letter";
        effect.put("dimension", engagement ? "engagement" : "fit");
        effect.put("thresholdsSeen", Thresholds.describe(steps));
        effect.put("leads", leads);
        effect.put("changed", changed);
        effect.put("moves", moves);
        effect.put("leavingHandedOffGrades", leaving);
        effect.put(
                "text",
                String.format(
                        Locale.ROOT,
                        "%d of its %d handed-off leads change %s (%s) with the %s thresholds seen in the data (%s);"
                                + " %d of them would land in a grade no handed-off lead had, so MQL volume falls by"
                                + " about that many unless the thresholds move%s",
                        changed,
                        leads,
                        what,
                        moves.isEmpty() ? "none" : moves.toString().replaceAll("[{}]", ""),
                        what,
                        Thresholds.describe(steps),
                        leaving,
                        delta > 0 ? "; leads not handed off that it fires for may become MQLs too" : ""));
        return effect;
    }

    private static String summary(Basics b, double beta, double promised, Stats.Interval oe) {
        return String.format(
                Locale.ROOT,
                "%d of its %d leads converted (%.1f %%; %.1f %% without it), where their grades promised %.1f"
                        + " (observed / expected %.2f, 95 %% interval %.2f to %.2f); with the other rules held"
                        + " equal it is worth %+.2f log-odds, its %+.0f points promise %+.2f",
                b.firedConverted(),
                b.fired(),
                100 * nz(b.conversionFired()),
                100 * nz(b.conversionNotFired()),
                b.expected(),
                b.expected() == 0 ? Double.NaN : b.firedConverted() / b.expected(),
                oe == null ? Double.NaN : oe.low(),
                oe == null ? Double.NaN : oe.high(),
                beta,
                b.points(),
                promised);
    }

    /** "fires with X on 85 % of its leads; together worth +1.10 log-odds (their points promise +1.20): ..." */
    private static String sharedCredit(
            String rule,
            double beta,
            double points,
            List<Overlap.CoFiring> partners,
            Logistic.Fit fit,
            Map<String, Double> pointsOf,
            double scale) {
        List<String> parts = new ArrayList<>();
        for (Overlap.CoFiring partner : partners) {
            if (partner.share() < 0.5 || !fit.rules().contains(partner.rule())) {
                continue;
            }
            double other = fit.beta(partner.rule());
            parts.add(String.format(
                    Locale.ROOT,
                    "fires with %s on %.0f %% of its leads; together worth %+.2f log-odds where their points"
                            + " promise %+.2f, credited %+.2f to this rule and %+.2f to %s (from %d leads with only"
                            + " this rule and %d with only the other)",
                    partner.rule(),
                    100 * partner.share(),
                    beta + other,
                    scale * (points + pointsOf.get(partner.rule())),
                    beta,
                    other,
                    partner.rule(),
                    partner.onlyThis(),
                    partner.onlyOther()));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static String cannotSeparate(
            String rule,
            List<String> blocking,
            double effective,
            int minSample,
            List<Overlap.CoFiring> partners,
            Logistic.Fit fit,
            Map<String, Double> points,
            double[] scale) {
        if (blocking.isEmpty()) {
            return String.format(
                    Locale.ROOT,
                    "cannot be separated from the base rate: with the other rules held equal its comparison is"
                            + " worth %d leads, below the minimum of %d",
                    Math.round(effective),
                    minSample);
        }
        double together = fit.beta(rule);
        double promised = points.get(rule);
        for (String other : blocking) {
            together += fit.beta(other);
            promised += points.get(other);
        }
        String shares = partners.stream()
                .filter(p -> blocking.contains(p.rule()))
                .map(p -> String.format(Locale.ROOT, "%s on %.0f %% of its leads", p.rule(), 100 * p.share()))
                .reduce((a, c) -> a + ", " + c)
                .orElse("");
        return String.format(
                Locale.ROOT,
                "cannot be separated from %s%s: too few leads have one without the other (comparison worth %d"
                        + " leads, minimum %d); together they are worth %+.2f log-odds where their points promise %+.2f",
                blocking.size() == 1 ? "rule " + blocking.get(0) : "rules " + String.join(", ", blocking),
                shares.isEmpty() ? "" : " (fires with " + shares + ")",
                Math.round(effective),
                minSample,
                together,
                scale[0] * promised);
    }

    private static double nz(Double value) {
        return value == null ? Double.NaN : value;
    }
}
