package io.leadgrade.feedback;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The letter and digit thresholds that rank the leads with an outcome best (AUC of the grade order, letter first)
 * with the MQL volume in the band, found a block at a time: all the letter thresholds together, exactly, for the
 * digits as they are; then all the digit thresholds together for those letters; until neither improves.
 *
 * <p>A block is exact and cheap because the AUC of a letter-first order splits over the letters: a pair of leads in
 * two letters is ranked as their fit totals rank it whatever the cuts, so a set of letters only changes, letter by
 * letter, how its digits rank the pairs inside it against how fit would have. Given the letters the same holds for
 * digits, letter by letter. A threshold is a cut in the sorted distinct totals of its dimension: cut {@code i} is
 * "from the i-th total", and the cut past the last one is an empty band.
 *
 * <p>The AUC maximised is the one expected from the candidate's totals, not the one of the recorded outcomes: each
 * lead with an outcome counts as converted by the share a logistic regression of the outcomes on the totals predicts
 * for its total (and as unconverted by the rest). Six thresholds fitted exactly to a few thousand noisy outcomes
 * follow their noise; fitted to the expected outcomes they follow the totals, which is what holds out of sample (on
 * the 20 seeds of TunerTests the grades of this search came within 0.023 to 0.038 of the regression held out when
 * fitted to the recorded outcomes, within 0.023 to 0.032 when fitted to the expected ones).
 */
final class ThresholdSearch {

    private final int[] fits;
    private final int[] engagements;
    private final double[][] population;
    private final double[][] converted;
    private final double[][] unconverted;
    private final boolean[][] mql;
    private final long before;
    private final double band;

    /**
     * @param populationTotals {fit, engagement} of every graded lead (for the volume)
     * @param outcomeTotals {fit, engagement} of the leads with an outcome
     * @param outcomes whether each of those converted
     * @param mql the MQL cells, [letter][digit] from the best
     * @param before the MQL volume the band is around
     */
    ThresholdSearch(
            int[][] populationTotals,
            int[][] outcomeTotals,
            boolean[] outcomes,
            boolean[][] mql,
            long before,
            double band) {
        fits = distinct(populationTotals, outcomeTotals, 0);
        engagements = distinct(populationTotals, outcomeTotals, 1);
        population = new double[fits.length][engagements.length];
        converted = new double[fits.length][engagements.length];
        unconverted = new double[fits.length][engagements.length];
        for (int[] t : populationTotals) {
            population[index(fits, t[0])][index(engagements, t[1])]++;
        }
        double[] expected = expected(outcomeTotals, outcomes);
        for (int i = 0; i < outcomeTotals.length; i++) {
            int f = index(fits, outcomeTotals[i][0]);
            int e = index(engagements, outcomeTotals[i][1]);
            converted[f][e] += expected[i];
            unconverted[f][e] += 1 - expected[i];
        }
        this.mql = mql;
        this.before = before;
        this.band = band;
    }

    /** The cuts of thresholds ("from 55", best first) in one dimension: 0 is fit, 1 engagement. */
    int[] cuts(int dimension, int[] thresholds) {
        int[] values = dimension == 0 ? fits : engagements;
        int[] cuts = new int[thresholds.length];
        for (int k = 0; k < cuts.length; k++) {
            int i = Arrays.binarySearch(values, thresholds[k]);
            cuts[k] = i >= 0 ? i : -i - 1;
        }
        return cuts;
    }

    /** The thresholds of cuts: the total at each cut, or one above the highest. */
    int[] thresholds(int dimension, int[] cuts) {
        int[] values = dimension == 0 ? fits : engagements;
        int[] thresholds = new int[cuts.length];
        for (int k = 0; k < cuts.length; k++) {
            thresholds[k] = cuts[k] < values.length ? values[cuts[k]] : values[values.length - 1] + 1;
        }
        return thresholds;
    }

    /**
     * From the digit cuts of a start (its letter cuts only say how many letters), the best letters for those digits,
     * then the best digits for those letters, and so on while the AUC rises: {letter cuts, digit cuts}, or null when
     * no letters put the volume in the band with the start's digits.
     */
    int[][] climb(int[][] start) {
        int[] digits = start[1];
        int[][] best = null;
        double bestAuc = Double.NEGATIVE_INFINITY;
        for (int round = 0; round < 20; round++) {
            int[] letters = bestLetters(start[0].length, digits);
            if (letters == null) {
                break;
            }
            digits = bestDigits(letters, digits.length); // never null: the digits it had are in the band
            double auc = auc(letters, digits);
            if (auc <= bestAuc + 1e-12) {
                break;
            }
            best = new int[][] {letters, digits};
            bestAuc = auc;
        }
        return best;
    }

    /** The expected AUC of the grade order among the leads with an outcome, with the grades given by cuts. */
    double auc(int[] letterCuts, int[] digitCuts) {
        double[][] p = cells(converted, letterCuts, digitCuts);
        double[][] n = cells(unconverted, letterCuts, digitCuts);
        double wins = 0;
        double below = 0;
        double positives = 0;
        for (int letter = 3; letter >= 0; letter--) {
            for (int digit = 3; digit >= 0; digit--) {
                wins += p[letter][digit] * (below + n[letter][digit] / 2);
                below += n[letter][digit];
                positives += p[letter][digit];
            }
        }
        return positives == 0 || below == 0 ? 0.5 : wins / (positives * below);
    }

    /** MQLs in the population with the grades given by cuts. */
    long volume(int[] letterCuts, int[] digitCuts) {
        double[][] q = cells(population, letterCuts, digitCuts);
        double volume = 0;
        for (int letter = 0; letter < 4; letter++) {
            for (int digit = 0; digit < 4; digit++) {
                volume += mql[letter][digit] ? q[letter][digit] : 0;
            }
        }
        return Math.round(volume);
    }

    boolean inBand(double volume) {
        return Math.abs(volume - before) <= band * before;
    }

    private double[][] cells(double[][] counts, int[] letterCuts, int[] digitCuts) {
        double[][] cells = new double[4][4];
        for (int f = 0; f < fits.length; f++) {
            int letter = band(letterCuts, f);
            for (int e = 0; e < engagements.length; e++) {
                cells[letter][band(digitCuts, e)] += counts[f][e];
            }
        }
        return cells;
    }

    /** 0 for the best band (at or above the first cut), 3 below the last. */
    private static int band(int[] cuts, int index) {
        int band = 0;
        while (band < cuts.length && index < cuts[band]) {
            band++;
        }
        return band;
    }

    /**
     * The letter cuts that rank best with these digits, the volume in the band: each letter [s, t) of fit columns
     * gains what its digits win on the pairs inside it less what fit would have won on them.
     */
    private int[] bestLetters(int count, int[] digitCuts) {
        int n = fits.length;
        double[][][] sums = sums(n, digitCuts, true);
        double[][] p = sums[0];
        double[][] q = sums[1];
        double[][] v = sums[2];
        double[][] gain = new double[n + 1][n + 1];
        double[][][] volume = new double[4][n + 1][n + 1];
        for (int s = 0; s < n; s++) {
            double fitWins = 0;
            for (int t = s + 1; t <= n; t++) {
                // column t - 1 is the best fit in [s, t): its converted leads beat the unconverted below it
                double converts = 0;
                double tied = 0;
                double below = 0;
                for (int d = 0; d < 4; d++) {
                    converts += p[t][d] - p[t - 1][d];
                    tied += q[t][d] - q[t - 1][d];
                    below += q[t - 1][d] - q[s][d];
                }
                fitWins += converts * (below + tied / 2);
                gain[s][t] = bandWins(p, q, s, t) - fitWins;
                fillVolume(volume, v, s, t, false);
            }
        }
        return bestCuts(n, count, gain, volume);
    }

    /**
     * The digit cuts that rank best with these letters, the volume in the band: inside each letter a digit [s, t)
     * of engagement columns ties the pairs that engagement would have ranked.
     */
    private int[] bestDigits(int[] letterCuts, int count) {
        int n = engagements.length;
        double[][][] sums = sums(n, letterCuts, false);
        double[][] p = sums[0];
        double[][] q = sums[1];
        double[][] v = sums[2];
        double[][] gain = new double[n + 1][n + 1];
        double[][][] volume = new double[4][n + 1][n + 1];
        for (int s = 0; s < n; s++) {
            double[] engagementWins = new double[4];
            for (int t = s + 1; t <= n; t++) {
                double g = 0;
                for (int l = 0; l < 4; l++) {
                    double converts = p[t][l] - p[t - 1][l];
                    double tied = q[t][l] - q[t - 1][l];
                    engagementWins[l] += converts * (q[t - 1][l] - q[s][l] + tied / 2);
                    g += (p[t][l] - p[s][l]) * (q[t][l] - q[s][l]) / 2 - engagementWins[l];
                }
                gain[s][t] = g;
                fillVolume(volume, v, s, t, true);
            }
        }
        return bestCuts(n, count, gain, volume);
    }

    /**
     * Converted, unconverted and population summed over the columns of one dimension below each column, per band of
     * the other (cut by {@code otherCuts}): sums[k][column][band].
     */
    private double[][][] sums(int n, int[] otherCuts, boolean byFit) {
        double[][][] sums = new double[3][n + 1][4];
        int others = byFit ? engagements.length : fits.length;
        for (int c = 0; c < n; c++) {
            for (int k = 0; k < 3; k++) {
                sums[k][c + 1] = sums[k][c].clone();
            }
            for (int o = 0; o < others; o++) {
                int f = byFit ? c : o;
                int e = byFit ? o : c;
                int b = band(otherCuts, o);
                sums[0][c + 1][b] += converted[f][e];
                sums[1][c + 1][b] += unconverted[f][e];
                sums[2][c + 1][b] += population[f][e];
            }
        }
        return sums;
    }

    /** The MQLs of columns [s, t) if they were the k-th letter (or digit), for each k. */
    private void fillVolume(double[][][] volume, double[][] v, int s, int t, boolean digits) {
        for (int k = 0; k < 4; k++) {
            double mqls = 0;
            for (int b = 0; b < 4; b++) {
                if (digits ? mql[b][k] : mql[k][b]) {
                    mqls += v[t][b] - v[s][b];
                }
            }
            volume[k][s][t] = mqls;
        }
    }

    /** Pairs inside columns [s, t) ranked by the band of the other dimension, ties half. */
    private static double bandWins(double[][] p, double[][] q, int s, int t) {
        double wins = 0;
        double below = 0;
        for (int b = 3; b >= 0; b--) {
            wins += (p[t][b] - p[s][b]) * (below + (q[t][b] - q[s][b]) / 2);
            below += q[t][b] - q[s][b];
        }
        return wins;
    }

    /**
     * {@code count} cuts c0 > c1 > ... splitting columns [0, n) into bands [c0, n), [c1, c0), ..., [0, c_last) with
     * the most gain summed over the bands and their volume, summed likewise, in the band; null if no cuts are in it.
     */
    private int[] bestCuts(int n, int count, double[][] gain, double[][][] volume) {
        Best best = new Best(count);
        cut(best, 0, n, 0, 0, gain, volume);
        return best.cuts;
    }

    /** The best cuts found so far, and the ones being tried. */
    private static final class Best {
        final int[] trying;
        int[] cuts;
        double gain = Double.NEGATIVE_INFINITY;

        Best(int count) {
            trying = new int[count];
        }
    }

    /** Every cut {@code k} below {@code above} (where the band above it ends), then every cut after it. */
    private void cut(Best best, int k, int above, double gain, double volume, double[][] gains, double[][][] volumes) {
        int count = best.trying.length;
        if (k == count) {
            if (gain + gains[0][above] > best.gain + 1e-9 && inBand(volume + volumes[k][0][above])) {
                best.gain = gain + gains[0][above];
                best.cuts = best.trying.clone();
            }
            return;
        }
        int highest = k == 0 ? above : above - 1; // the best band may start past the highest total: empty
        for (int c = count - 1 - k; c <= highest; c++) {
            best.trying[k] = c;
            cut(best, k + 1, c, gain + gains[c][above], volume + volumes[k][c][above], gains, volumes);
        }
    }

    /**
     * Each outcome as the conversion a logistic regression of the outcomes on the totals (fit plus engagement: the
     * candidate's points are on one scale) predicts for its total; the outcomes themselves when the totals cannot be
     * regressed on (one total, or every outcome the same).
     */
    static double[] expected(int[][] totals, boolean[] outcomes) {
        Map<Integer, long[]> pooled = new TreeMap<>(); // total -> {leads, converted}
        for (int i = 0; i < totals.length; i++) {
            long[] c = pooled.computeIfAbsent(totals[i][0] + totals[i][1], k -> new long[2]);
            c[0]++;
            c[1] += outcomes[i] ? 1 : 0;
        }
        long converts = pooled.values().stream().mapToLong(c -> c[1]).sum();
        double[] expected = new double[totals.length];
        if (pooled.size() < 2 || converts == 0 || converts == totals.length) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] = outcomes[i] ? 1 : 0;
            }
            return expected;
        }
        double[] beta = new double[2]; // intercept, log-odds per 100 points
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] gradient = new double[2];
            double[][] information = new double[2][2];
            for (var entry : pooled.entrySet()) {
                double x = entry.getKey() / 100.0;
                double mu = 1 / (1 + Math.exp(-(beta[0] + beta[1] * x)));
                long n = entry.getValue()[0];
                double r = entry.getValue()[1] - n * mu;
                double w = n * mu * (1 - mu);
                gradient[0] += r;
                gradient[1] += r * x;
                information[0][0] += w;
                information[0][1] += w * x;
                information[1][0] += w * x;
                information[1][1] += w * x * x;
            }
            // A ridge too small to move a fit, so that totals that separate the outcomes still converge.
            gradient[1] -= 1e-6 * beta[1];
            information[1][1] += 1e-6;
            information[0][0] += 1e-9;
            double[] step = Logistic.solve(information, gradient);
            beta[0] += step[0];
            beta[1] += step[1];
            if (Math.abs(step[0]) + Math.abs(step[1]) < 1e-10) {
                break;
            }
        }
        for (int i = 0; i < expected.length; i++) {
            double x = (totals[i][0] + totals[i][1]) / 100.0;
            expected[i] = 1 / (1 + Math.exp(-(beta[0] + beta[1] * x)));
        }
        return expected;
    }

    private static int[] distinct(int[][] a, int[][] b, int dimension) {
        return Stream.of(a, b)
                .flatMap(Arrays::stream)
                .mapToInt(t -> t[dimension])
                .distinct()
                .sorted()
                .toArray();
    }

    private static int index(int[] values, int value) {
        return Arrays.binarySearch(values, value);
    }
}
