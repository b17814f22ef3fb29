package io.leadgrade.feedback;

import io.leadgrade.reports.Stats;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The tests and estimates the feedback module uses, beside those of the reports ({@link Stats}). */
final class FeedbackStats {

    static final double Z95 = 1.959963984540054;

    private FeedbackStats() {}

    /**
     * Fisher's exact test, one-sided: the probability, with all margins fixed, of a table at least as extreme as
     * the observed one in the direction "group 1's rate is greater". Group 1 has {@code x1} successes in {@code n1},
     * group 2 {@code x2} in {@code n2}. Exact for any sample size; sums the hypergeometric tail in log space.
     */
    static double fisherGreater(long x1, long n1, long x2, long n2) {
        long successes = x1 + x2;
        long total = n1 + n2;
        long maxX = Math.min(n1, successes);
        double logDenominator = logChoose(total, successes);
        double p = 0;
        for (long x = x1; x <= maxX; x++) {
            p += Math.exp(logChoose(n1, x) + logChoose(n2, successes - x) - logDenominator);
        }
        return Math.min(1, p);
    }

    /** P(X <= x) for X ~ Binomial(n, p): the exact one-sided test that a rate is below {@code p}. */
    static double binomialAtMost(long x, long n, double p) {
        if (p <= 0) {
            return 1;
        }
        if (p >= 1) {
            return x >= n ? 1 : 0;
        }
        double sum = 0;
        for (long k = 0; k <= x; k++) {
            sum += Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
        }
        return Math.min(1, sum);
    }

    /**
     * Benjamini-Hochberg: which of these p-values are discoveries when the expected share of false discoveries
     * among them is held at {@code q}. Also gives each its adjusted p-value (the smallest q at which it would be).
     */
    static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, p[i] * m / rank);
            adjusted[i] = Math.min(1, running);
        }
        return adjusted;
    }

    /**
     * P(Z >= z) for a standard normal Z: the one-sided p-value of a z statistic. Uses the complementary error
     * function in the Chebyshev form of Numerical Recipes (relative error below 1.2e-7 everywhere).
     */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double y = t
                * Math.exp(
                        -x * x
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? y : 2 - y;
    }

    /**
     * Ratio of two rates (x1/n1) / (x2/n2) with a 95 % interval on the log scale (Katz): the lift of leads where a
     * rule fired over leads where it did not. Adds 0.5 to zero counts so the interval stays finite.
     */
    static Stats.Interval rateRatio(long x1, long n1, long x2, long n2) {
        double a = x1 == 0 ? 0.5 : x1;
        double c = x2 == 0 ? 0.5 : x2;
        double ratio = (a / n1) / (c / n2);
        double se = Math.sqrt(1 / a - 1.0 / n1 + 1 / c - 1.0 / n2);
        return new Stats.Interval(ratio * Math.exp(-Z95 * se), ratio * Math.exp(Z95 * se));
    }

    /**
     * Area under the ROC curve of a score for telling converters from the rest: the probability that a random
     * converter scores higher than a random non-converter, ties counting half (Mann-Whitney). {@code converted[s]}
     * and {@code others[s]} count leads with score s (higher is better). 0.5 is no better than chance.
     */
    static double auc(long[] converted, long[] others) {
        long positives = Arrays.stream(converted).sum();
        long negatives = Arrays.stream(others).sum();
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double wins = 0;
        long negativesBelow = 0;
        for (int s = 0; s < converted.length; s++) {
            wins += converted[s] * (negativesBelow + others[s] / 2.0);
            negativesBelow += others[s];
        }
        return wins / ((double) positives * negatives);
    }

    private static double logChoose(long n, long k) {
        if (k < 0 || k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static final double[] SMALL_LOG_FACTORIALS = new double[1024];

    static {
        for (int i = 1; i < SMALL_LOG_FACTORIALS.length; i++) {
            SMALL_LOG_FACTORIALS[i] = SMALL_LOG_FACTORIALS[i - 1] + Math.log(i);
        }
    }

    /** ln(n!), exact below 1024 and by Stirling's series (error below 1e-12) above. */
    static double logFactorial(long n) {
        if (n < SMALL_LOG_FACTORIALS.length) {
            return SMALL_LOG_FACTORIALS[(int) n];
        }
        double x = n + 1.0;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
