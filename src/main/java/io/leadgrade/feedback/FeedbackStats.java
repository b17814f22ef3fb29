package io.leadgrade.feedback;

import io.leadgrade.reports.Stats;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * The tests and estimates the feedback module uses, on Apache Commons Math's distributions (exact tails from its
 * regularised beta and gamma functions rather than series of our own). Distributions are built without a random
 * generator: nothing here samples, and the default generator costs more to seed than a test costs to run.
 */
final class FeedbackStats {

    static final double Z95 = 1.959963984540054;

    private FeedbackStats() {}

    /**
     * Fisher's exact test, one-sided: the probability, with all margins fixed, of a table at least as extreme as
     * the observed one in the direction "group 1's rate is greater". Group 1 has {@code x1} successes in {@code n1},
     * group 2 {@code x2} in {@code n2}: the upper tail of the hypergeometric count of successes in group 1.
     */
    static double fisherGreater(long x1, long n1, long x2, long n2) {
        HypergeometricDistribution table = new HypergeometricDistribution(
                null, Math.toIntExact(n1 + n2), Math.toIntExact(x1 + x2), Math.toIntExact(n1));
        return table.upperCumulativeProbability(Math.toIntExact(x1));
    }

    /** P(X <= x) for X ~ Binomial(n, p): the exact one-sided test that a rate is below {@code p}. */
    static double binomialAtMost(long x, long n, double p) {
        return new BinomialDistribution(null, Math.toIntExact(n), p).cumulativeProbability(Math.toIntExact(x));
    }

    /**
     * Benjamini-Hochberg: which of these p-values are discoveries when the expected share of false discoveries
     * among them is held at {@code q}. Also gives each its adjusted p-value (the smallest q at which it would be).
     * Commons Math has no multiple-testing corrections; this is the step-up procedure as published.
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

    /** P(Z >= z) for a standard normal Z: the one-sided p-value of a z statistic. */
    static double upperTail(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    /** The two-sided p-value of a z statistic. */
    static double twoSided(double z) {
        return Math.min(1, 2 * upperTail(Math.abs(z)));
    }

    /**
     * Observed conversions against the number expected, with the exact 95 % interval of a Poisson count (from the
     * chi-squared distribution) divided by what was expected: the interval of "observed / expected".
     */
    static Stats.Interval observedToExpected(long observed, double expected) {
        if (expected <= 0) {
            return Stats.Interval.NONE;
        }
        double low = observed == 0
                ? 0
                : new ChiSquaredDistribution(null, 2.0 * observed).inverseCumulativeProbability(0.025) / 2;
        double high = new ChiSquaredDistribution(null, 2.0 * observed + 2).inverseCumulativeProbability(0.975) / 2;
        return new Stats.Interval(low / expected, high / expected);
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
}
