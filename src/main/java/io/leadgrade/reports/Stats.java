package io.leadgrade.reports;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/** The statistics the reports use, each with the formula it implements or the library that computes it. */
public final class Stats {

    /** z for a two-sided 95 % interval. */
    static final double Z95 = 1.959963984540054;

    private Stats() {}

    /** An interval; NaN bounds when there is nothing to estimate from. */
    public record Interval(double low, double high) {

        public static final Interval NONE = new Interval(Double.NaN, Double.NaN);
    }

    /**
     * Wilson score interval (95 %) for a proportion of {@code successes} in {@code trials}: sensible for small counts
     * and rates near 0 or 1, unlike the normal approximation. Commons Math's {@link WilsonScoreInterval} computes
     * it; the bounds are clamped to [0, 1] against rounding.
     */
    public static Interval wilson(long successes, long trials) {
        if (trials <= 0) {
            return Interval.NONE;
        }
        ConfidenceInterval interval =
                new WilsonScoreInterval().createInterval(Math.toIntExact(trials), Math.toIntExact(successes), 0.95);
        return new Interval(Math.max(0, interval.getLowerBound()), Math.min(1, interval.getUpperBound()));
    }

    /**
     * 95 % interval for a Poisson count {@code observed} (Byar's approximation), divided by {@code expected}: the
     * interval of a performance index actual / expected.
     */
    public static Interval ratioToExpected(long observed, double expected) {
        if (expected <= 0) {
            return Interval.NONE;
        }
        double low =
                observed == 0 ? 0 : observed * Math.pow(1 - 1 / (9.0 * observed) - Z95 / (3 * Math.sqrt(observed)), 3);
        double next = observed + 1;
        double high = next * Math.pow(1 - 1 / (9.0 * next) + Z95 / (3 * Math.sqrt(next)), 3);
        return new Interval(low / expected, high / expected);
    }

    /** Net Quality Score in percent: (high - low) / total x 100, from -100 to +100; NaN for no leads. */
    public static double nqs(long high, long low, long total) {
        return total == 0 ? Double.NaN : 100.0 * (high - low) / total;
    }

    /**
     * 95 % interval of the difference between two Net Quality Scores, in points: each handoff scores +1 (high tier),
     * -1 (low) or 0, so an NQS is 100 times a mean score and the difference of two means from independent groups has
     * the variance {@code v1 / n1 + v2 / n2} (normal approximation; {@code v = p_high + p_low - (p_high - p_low)^2}).
     */
    public static Interval nqsDifference(
            long high, long low, long leads, long otherHigh, long otherLow, long otherLeads) {
        if (leads == 0 || otherLeads == 0) {
            return Interval.NONE;
        }
        double difference = nqs(high, low, leads) - nqs(otherHigh, otherLow, otherLeads);
        double half = 100
                * Z95
                * Math.sqrt(scoreVariance(high, low, leads) / leads
                        + scoreVariance(otherHigh, otherLow, otherLeads) / otherLeads);
        return new Interval(difference - half, difference + half);
    }

    private static double scoreVariance(long high, long low, long leads) {
        double h = (double) high / leads;
        double l = (double) low / leads;
        return h + l - (h - l) * (h - l);
    }
}
