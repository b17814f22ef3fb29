package io.leadgrade.feedback;

import java.util.ArrayList;
import java.util.Arrays;
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
 * or from the base rate, keep theirs. Then the letter and
 * digit thresholds are re-fitted to rank the leads with an outcome best (highest AUC of the grade order, letter
 * first) with MQL volume within {@code band} of the active ruleset's on the whole graded population: from the best
 * few uniform shifts of the tables as written, each threshold in turn moves to its best value between its neighbours
 * until none moves.
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

    /** How many of the best uniform shifts the threshold search starts from (it finds a local best from each). */
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
        // The candidate's totals once; each set of thresholds then only counts distinct pairs of totals.
        Candidate unshifted = new Candidate(points, active, before, 0, false);
        Cells cells = new Cells(totals(population, unshifted), totals(outcomes, unshifted), outcomes);
        boolean[][] mql = mqlCells(active);
        int[] letters = values(active.letters());
        int[] digits = values(active.digits());
        // Starts inside the band: the uniform shifts (the steps between letters as written), best ranking first.
        List<int[][]> starts = new ArrayList<>();
        List<double[]> startScores = new ArrayList<>();
        int[][] closest = null;
        long closestOff = Long.MAX_VALUE;
        for (int fit : SHIFTS) {
            for (int engagement : SHIFTS) {
                int[][] t = {add(letters, fit), add(digits, engagement)};
                double[] score = cells.score(t[0], t[1], mql);
                long off = Math.abs(Math.round(score[1]) - before);
                if (off < closestOff) {
                    closestOff = off;
                    closest = t;
                }
                if (off <= band * before) {
                    starts.add(t);
                    startScores.add(score);
                }
            }
        }
        if (starts.isEmpty()) {
            return candidate(points, active, closest, before, cells.score(closest[0], closest[1], mql)[1], false);
        }
        Integer[] order = new Integer[starts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) -> Double.compare(startScores.get(b)[0], startScores.get(a)[0]));
        int[][] best = null;
        double[] bestScore = null;
        for (int i = 0; i < Math.min(STARTS, order.length); i++) {
            int[][] t = starts.get(order[i]);
            double[] score = startScores.get(order[i]);
            int[][] local = search(cells, t, score, mql, before, band);
            double[] localScore = cells.score(local[0], local[1], mql);
            if (bestScore == null || localScore[0] > bestScore[0]) {
                best = local;
                bestScore = localScore;
            }
        }
        return candidate(points, active, best, before, bestScore[1], true);
    }

    /**
     * From a start in the band, each threshold on its own to the value (between its neighbours) that ranks the
     * converters best with the volume still in the band, until none moves: the steps between letters are no longer
     * fixed.
     */
    private static int[][] search(
            Cells cells, int[][] start, double[] startScore, boolean[][] mql, long before, double band) {
        int[][] best = start;
        double[] bestScore = startScore;
        for (int round = 0; round < 20; round++) {
            boolean moved = false;
            for (int dimension = 0; dimension < 2; dimension++) {
                for (int k = 0; k < best[dimension].length; k++) {
                    int[] thresholds = best[dimension];
                    int upper = k == 0 ? Integer.MAX_VALUE : thresholds[k - 1];
                    int lower = k == thresholds.length - 1 ? Integer.MIN_VALUE : thresholds[k + 1];
                    for (int value : cells.values(dimension)) {
                        if (value >= upper || value <= lower || value == thresholds[k]) {
                            continue;
                        }
                        int[][] t = {best[0].clone(), best[1].clone()};
                        t[dimension][k] = value;
                        double[] score = cells.score(t[0], t[1], mql);
                        if (Math.abs(score[1] - before) <= band * before && score[0] > bestScore[0] + 1e-12) {
                            best = t;
                            bestScore = score;
                            moved = true;
                        }
                    }
                }
            }
            if (!moved) {
                break;
            }
        }
        return best;
    }

    private static Candidate candidate(
            Map<String, Integer> points, Grading active, int[][] t, long before, double after, boolean inBand) {
        return new Candidate(
                points,
                new Grading(thresholds(active.letters(), t[0]), thresholds(active.digits(), t[1]), active.mql()),
                before,
                Math.round(after),
                inBand);
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

    /**
     * The distinct pairs of (fit, engagement) totals with how many leads of the population and how many converted
     * and unconverted leads with an outcome have each: a set of thresholds is judged by counting pairs, not leads.
     */
    private static final class Cells {

        private final int[] fit;
        private final int[] engagement;
        private final long[] population;
        private final long[] converted;
        private final long[] unconverted;
        private final int[][] values;

        Cells(int[][] populationTotals, int[][] outcomeTotals, List<Observation> outcomes) {
            Map<Long, long[]> pairs = new java.util.HashMap<>();
            for (int[] t : populationTotals) {
                pairs.computeIfAbsent(key(t), k -> new long[3])[0]++;
            }
            for (int i = 0; i < outcomeTotals.length; i++) {
                pairs.computeIfAbsent(key(outcomeTotals[i]), k -> new long[3])[
                        outcomes.get(i).converted() ? 1 : 2]++;
            }
            int n = pairs.size();
            fit = new int[n];
            engagement = new int[n];
            population = new long[n];
            converted = new long[n];
            unconverted = new long[n];
            java.util.TreeSet<Integer> fits = new java.util.TreeSet<>();
            java.util.TreeSet<Integer> engagements = new java.util.TreeSet<>();
            int i = 0;
            for (var entry : pairs.entrySet()) {
                fit[i] = (int) (entry.getKey() >> 32);
                engagement[i] = (int) (long) entry.getKey();
                population[i] = entry.getValue()[0];
                converted[i] = entry.getValue()[1];
                unconverted[i] = entry.getValue()[2];
                fits.add(fit[i]);
                engagements.add(engagement[i]);
                i++;
            }
            // A threshold only matters where a total is: "from 37" and "from 38" differ only if a lead has 37.
            values = new int[][] {
                fits.stream().mapToInt(Integer::intValue).toArray(),
                engagements.stream().mapToInt(Integer::intValue).toArray()
            };
        }

        private static long key(int[] t) {
            return ((long) t[0] << 32) | (t[1] & 0xffffffffL);
        }

        int[] values(int dimension) {
            return values[dimension];
        }

        /** {AUC of the grade order among the leads with an outcome, MQLs in the population, their conversion}. */
        double[] score(int[] letters, int[] digits, boolean[][] mql) {
            int size = (letters.length + 1) * (digits.length + 1);
            long[] positives = new long[size];
            long[] negatives = new long[size];
            long mqls = 0;
            long mqlOutcomes = 0;
            long mqlConverted = 0;
            for (int i = 0; i < fit.length; i++) {
                int letter = cell(letters, fit[i]);
                int digit = cell(digits, engagement[i]);
                int rank = letter * (digits.length + 1) + digit; // 0 is the best grade
                positives[rank] += converted[i];
                negatives[rank] += unconverted[i];
                if (mql[letter][digit]) {
                    mqls += population[i];
                    mqlOutcomes += converted[i] + unconverted[i];
                    mqlConverted += converted[i];
                }
            }
            // Grades from the lowest up: a converter beats every unconverted lead below its grade, half a tie.
            double wins = 0;
            long below = 0;
            long p = 0;
            for (int rank = size - 1; rank >= 0; rank--) {
                wins += positives[rank] * (below + negatives[rank] / 2.0);
                below += negatives[rank];
                p += positives[rank];
            }
            double auc = p == 0 || below == 0 ? 0.5 : wins / ((double) p * below);
            return new double[] {auc, mqls, mqlOutcomes == 0 ? 0 : (double) mqlConverted / mqlOutcomes};
        }

        private static int cell(int[] thresholds, int total) {
            int index = 0;
            while (index < thresholds.length && total < thresholds[index]) {
                index++;
            }
            return index;
        }
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
