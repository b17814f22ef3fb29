package io.leadgrade.feedback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tuned candidate from the stored history, and its validation out of sample.
 *
 * <p>The candidate applies the recommendations of {@link Diagnostics} together: every rule that can be judged on its
 * own gets its best-estimate points (the middle of the interval the data supports: for a flagged rule a change, for
 * the others a value the data supports as well as their current one); rules that cannot be separated from others,
 * or from the base rate, keep theirs. Then the letter and digit thresholds are re-fitted to rank the leads with an
 * outcome best (highest AUC of the grade order, letter first, as the candidate's totals predict their conversion)
 * with MQL volume within {@code band} of the active ruleset's on the whole graded population: from the digits of the
 * best few uniform shifts of the tables as written, {@link ThresholdSearch} alternates the best letter thresholds
 * for the digits and the best digit thresholds for the letters (each set exact) until neither improves.
 *
 * <p>Validation is k-fold over the leads with an outcome: the candidate is tuned on k-1 folds and judged on the one
 * left out, against the active ruleset's grades and against a logistic regression on the same rule indicators fitted
 * on the same folds (the best a points-and-thresholds ruleset could rank). It is offered only when its AUC and its
 * expected SQOs at the active MQL volume both beat the active ruleset's on every fold left out, and every fold's
 * volume stayed in the band.
 */
final class Tuner {

    /** Letter and digit thresholds ("A from 60") and the MQL grades. */
    record Grading(Map<Character, Integer> letters, Map<Character, Integer> digits, Set<String> mql) {

        /** Letters from A and digits from 1, one per threshold in order, and one more below them all. */
        String grade(int fit, int engagement) {
            return "" + (char) ('A' + cell(letters, fit)) + (char) ('1' + cell(digits, engagement));
        }
    }

    /** New points for the rules that change, and the thresholds that go with them. */
    record Candidate(Map<String, Integer> points, Grading grading, long mqlBefore, long mqlAfter, boolean inBand) {

        String grade(Observation o) {
            int fit = o.fitPoints();
            int engagement = o.engagementPoints();
            for (var change : points.entrySet()) {
                Integer old = o.rules().get(change.getKey());
                if (old != null) {
                    int delta = change.getValue() - old;
                    if (o.engagementRules().contains(change.getKey())) {
                        engagement += delta;
                    } else {
                        fit += delta;
                    }
                }
            }
            return grading.grade(fit, engagement);
        }
    }

    /** The out-of-sample comparison. */
    record Validation(
            int folds,
            long leads,
            double aucActive,
            double aucCandidate,
            double aucLogistic,
            double aucCandidateTotals,
            double expectedSqosActive,
            double expectedSqosCandidate,
            double worstFoldMqlChange,
            boolean offered,
            String reason) {}

    static final int[] SHIFTS = {-30, -25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30};

    /** How many of the best uniform shifts the threshold search starts from (it climbs from each one's digits). */
    static final int STARTS = 8;

    private Tuner() {}

    /**
     * @param outcomes handed-off leads with an outcome (what the candidate is tuned on)
     * @param population every graded lead, handed off or not (what MQL volume is counted on)
     */
    static Candidate tune(
            List<Observation> outcomes,
            List<Observation> population,
            Grading active,
            double band,
            Diagnostics.Settings settings) {
        Map<String, Integer> points = new TreeMap<>();
        for (Diagnostics.Finding finding : Diagnostics.rules(outcomes, settings).findings()) {
            // Flagged rules move to their best estimate; the others too when it differs from their points,
            // since it lies inside the interval the data supports for them ("keep" means "any of these").
            if (finding.evidence().get("suggestedPoints") instanceof Long suggested
                    && suggested != Math.round((Double) finding.evidence().get("points"))) {
                points.put(finding.subject(), Math.toIntExact(suggested));
            }
        }
        long before = population.stream()
                .filter(o -> active.mql().contains(active.grade(o.fitPoints(), o.engagementPoints())))
                .count();
        // The candidate's totals once; each set of thresholds then only counts leads per pair of totals.
        Candidate unshifted = new Candidate(points, active, before, 0, false);
        ThresholdSearch search = new ThresholdSearch(
                totals(population, unshifted),
                totals(outcomes, unshifted),
                converted(outcomes),
                mqlCells(active),
                before,
                band);
        int[] letters = values(active.letters());
        int[] digits = values(active.digits());
        // Starts inside the band: the uniform shifts (the steps between letters as written), best ranking first.
        List<Start> starts = new ArrayList<>();
        int[][] closest = null;
        long closestVolume = 0;
        for (int fit : SHIFTS) {
            for (int engagement : SHIFTS) {
                int[][] t = {add(letters, fit), add(digits, engagement)};
                int[][] cuts = {search.cuts(0, t[0]), search.cuts(1, t[1])};
                long volume = search.volume(cuts[0], cuts[1]);
                if (closest == null || Math.abs(volume - before) < Math.abs(closestVolume - before)) {
                    closest = t;
                    closestVolume = volume;
                }
                if (search.inBand(volume)) {
                    starts.add(new Start(cuts, t, search.auc(cuts[0], cuts[1])));
                }
            }
        }
        if (starts.isEmpty()) {
            return candidate(points, active, closest, before, closestVolume, false);
        }
        starts.sort(Comparator.comparingDouble(Start::auc).reversed());
        Start best = starts.get(0);
        Set<String> climbed = new HashSet<>(); // starts that differ only in letters climb alike
        for (Start start : starts.subList(0, Math.min(STARTS, starts.size()))) {
            int[][] local = climbed.add(Arrays.toString(start.cuts()[1])) ? search.climb(start.cuts()) : null;
            if (local != null && search.auc(local[0], local[1]) > best.auc()) {
                best = new Start(
                        local,
                        new int[][] {search.thresholds(0, local[0]), search.thresholds(1, local[1])},
                        search.auc(local[0], local[1]));
            }
        }
        return candidate(
                points, active, best.thresholds(), before, search.volume(best.cuts()[0], best.cuts()[1]), true);
    }

    /** Thresholds as cuts into the candidate's totals and as written, with the AUC they are expected to reach. */
    private record Start(int[][] cuts, int[][] thresholds, double auc) {}

    private static Candidate candidate(
            Map<String, Integer> points, Grading active, int[][] t, long before, long after, boolean inBand) {
        return new Candidate(
                points,
                new Grading(thresholds(active.letters(), t[0]), thresholds(active.digits(), t[1]), active.mql()),
                before,
                after,
                inBand);
    }

    private static boolean[] converted(List<Observation> outcomes) {
        boolean[] converted = new boolean[outcomes.size()];
        for (int i = 0; i < converted.length; i++) {
            converted[i] = outcomes.get(i).converted();
        }
        return converted;
    }

    private static int[] values(Map<Character, Integer> thresholds) {
        return thresholds.values().stream().mapToInt(Integer::intValue).toArray(); // best first
    }

    private static int[] add(int[] values, int shift) {
        int[] shifted = values.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += shift;
        }
        return shifted;
    }

    private static Map<Character, Integer> thresholds(Map<Character, Integer> names, int[] values) {
        Map<Character, Integer> thresholds = new TreeMap<>();
        int i = 0;
        for (Character name : names.keySet()) {
            thresholds.put(name, values[i++]);
        }
        return thresholds;
    }

    /** Each lead's fit and engagement totals with the candidate's points. */
    private static int[][] totals(List<Observation> leads, Candidate candidate) {
        int[][] totals = new int[leads.size()][];
        for (int i = 0; i < totals.length; i++) {
            Observation o = leads.get(i);
            int fit = o.fitPoints();
            int engagement = o.engagementPoints();
            for (var change : candidate.points().entrySet()) {
                Integer old = o.rules().get(change.getKey());
                if (old != null) {
                    if (o.engagementRules().contains(change.getKey())) {
                        engagement += change.getValue() - old;
                    } else {
                        fit += change.getValue() - old;
                    }
                }
            }
            totals[i] = new int[] {fit, engagement};
        }
        return totals;
    }

    /** The row (letter) or column (digit) a total lands in: 0 for the best, 3 for the lowest. */
    private static int cell(Map<Character, Integer> thresholds, int total) {
        int index = 0;
        for (int from : thresholds.values()) { // best first
            if (total >= from) {
                return index;
            }
            index++;
        }
        return index;
    }

    private static boolean[][] mqlCells(Grading grading) {
        boolean[][] cells = new boolean[4][4];
        for (String grade : grading.mql()) {
            int letter = grade.charAt(0) - 'A';
            int digit = grade.charAt(1) - '1';
            if (letter >= 0 && letter < 4 && digit >= 0 && digit < 4) {
                cells[letter][digit] = true;
            }
        }
        return cells;
    }

    static Validation validate(
            List<Observation> outcomes,
            List<Observation> population,
            Grading active,
            double band,
            int folds,
            long seed,
            Diagnostics.Settings settings) {
        int[] fold = new int[outcomes.size()];
        Random random = new Random(seed);
        for (int i = 0; i < fold.length; i++) {
            fold[i] = random.nextInt(folds);
        }
        double[] sums = new double[6];
        double worstChange = 0;
        int foldsBetter = 0;
        for (int f = 0; f < folds; f++) {
            List<Observation> train = new ArrayList<>();
            List<Observation> test = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                (fold[i] == f ? test : train).add(outcomes.get(i));
            }
            Candidate candidate = tune(train, population, active, band, settings);
            worstChange = Math.max(
                    worstChange,
                    Math.abs(candidate.mqlAfter() - candidate.mqlBefore()) / (double) candidate.mqlBefore());
            List<String> rules = new ArrayList<>(new java.util.TreeSet<>(
                    train.stream().flatMap(o -> o.rules().keySet().stream()).toList()));
            Logistic.Fit fit = Logistic.fit(train, rules, Observation::converted, RuleWeights.RIDGE);
            long[][] activeScores = new long[2][17];
            long[][] candidateScores = new long[2][17];
            List<double[]> logistic = new ArrayList<>();
            List<double[]> candidateTotals = new ArrayList<>(); // its points summed, before letters and digits
            long mqlActive = 0;
            long sqoActive = 0;
            long mqlCandidate = 0;
            long sqoCandidate = 0;
            for (Observation o : test) {
                int y = o.converted() ? 1 : 0;
                String before = active.grade(o.fitPoints(), o.engagementPoints());
                String after = candidate.grade(o);
                activeScores[y][Backtest.score(before)]++;
                candidateScores[y][Backtest.score(after)]++;
                double eta = fit.beta()[0];
                for (String rule : o.rules().keySet()) {
                    int j = rules.indexOf(rule);
                    if (j >= 0) {
                        eta += fit.beta()[j + 1];
                    }
                }
                logistic.add(new double[] {eta, y});
                int[] total = totals(List.of(o), candidate)[0];
                candidateTotals.add(new double[] {total[0] + total[1], y});
                if (active.mql().contains(before)) {
                    mqlActive++;
                    sqoActive += y;
                }
                if (active.mql().contains(after)) {
                    mqlCandidate++;
                    sqoCandidate += y;
                }
            }
            double aucActive = FeedbackStats.auc(activeScores[1], activeScores[0]);
            double aucCandidate = FeedbackStats.auc(candidateScores[1], candidateScores[0]);
            // At the active ruleset's MQL volume on the whole population, converting as each one's MQLs did here.
            double expectedActive = candidate.mqlBefore() * (mqlActive == 0 ? 0 : (double) sqoActive / mqlActive);
            double expectedCandidate =
                    candidate.mqlBefore() * (mqlCandidate == 0 ? 0 : (double) sqoCandidate / mqlCandidate);
            sums[0] += aucActive;
            sums[1] += aucCandidate;
            sums[2] += auc(logistic);
            sums[3] += expectedActive;
            sums[4] += expectedCandidate;
            sums[5] += auc(candidateTotals);
            foldsBetter += aucCandidate > aucActive && expectedCandidate > expectedActive ? 1 : 0;
        }
        double aucActive = sums[0] / folds;
        double aucCandidate = sums[1] / folds;
        double aucLogistic = sums[2] / folds;
        double expectedActive = sums[3] / folds;
        double expectedCandidate = sums[4] / folds;
        double aucTotals = sums[5] / folds;
        // Better on average could be one lucky fold; it must be better on every fold left out.
        boolean offered = foldsBetter == folds && worstChange <= band;
        String reason = offered
                ? String.format(
                        Locale.ROOT,
                        "offered: out of sample (%d folds, %d leads with an outcome) it ranks converters better (AUC"
                                + " %.3f against %.3f; a logistic regression on the same rules reaches %.3f, the"
                                + " candidate's point totals before letters and digits %.3f) and"
                                + " yields %.0f expected SQOs against %.0f at the active MQL volume",
                        folds,
                        outcomes.size(),
                        aucCandidate,
                        aucActive,
                        aucLogistic,
                        aucTotals,
                        expectedCandidate,
                        expectedActive)
                : String.format(
                        Locale.ROOT,
                        "not offered: out of sample (%d folds, %d leads with an outcome) it beat the active ruleset"
                                + " on %d of the folds; AUC %.3f against the active %.3f, expected SQOs %.0f against"
                                + " %.0f, MQL volume off by up to %.1f %% (band %.0f %%)%s",
                        folds,
                        outcomes.size(),
                        foldsBetter,
                        aucCandidate,
                        aucActive,
                        expectedCandidate,
                        expectedActive,
                        100 * worstChange,
                        100 * band,
                        worstChange > band ? ": no thresholds keep the volume in the band" : "");
        return new Validation(
                folds,
                outcomes.size(),
                aucActive,
                aucCandidate,
                aucLogistic,
                aucTotals,
                expectedActive,
                expectedCandidate,
                worstChange,
                offered,
                reason);
    }

    /** AUC of a continuous score: {score, outcome} pairs, ties counting half. */
    static double auc(List<double[]> scored) {
        double[][] rows = scored.toArray(double[][]::new);
        Arrays.sort(rows, (a, b) -> Double.compare(a[0], b[0]));
        double wins = 0;
        long positives = 0;
        long negatives = 0;
        long negativesBelow = 0;
        int i = 0;
        while (i < rows.length) {
            int j = i;
            long tiedPositives = 0;
            long tiedNegatives = 0;
            while (j < rows.length && rows[j][0] == rows[i][0]) {
                if (rows[j][1] > 0) {
                    tiedPositives++;
                } else {
                    tiedNegatives++;
                }
                j++;
            }
            wins += tiedPositives * (negativesBelow + tiedNegatives / 2.0);
            negativesBelow += tiedNegatives;
            positives += tiedPositives;
            negatives += tiedNegatives;
            i = j;
        }
        return positives == 0 || negatives == 0 ? Double.NaN : wins / ((double) positives * negatives);
    }

    /** The changes as "rule: +15 -> -10" lines, for people. */
    static Map<String, String> describe(Candidate candidate, Map<String, Double> current) {
        Map<String, String> lines = new LinkedHashMap<>();
        candidate
                .points()
                .forEach((rule, points) -> lines.put(
                        rule,
                        String.format(Locale.ROOT, "%+.0f -> %+d", current.getOrDefault(rule, Double.NaN), points)));
        return lines;
    }
}
