package io.leadgrade.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadgrade.reports.Stats;
import org.junit.jupiter.api.Test;

/** The statistics against values published for textbook cases (R's fisher.test, pbinom, pnorm, poisson.test). */
class FeedbackStatsTests {

    @Test
    void fishersExactTestMatchesTheTeaTastingTable() {
        // fisher.test(matrix(c(3, 1, 1, 3), 2), alternative = "greater")$p.value = 0.2428571
        assertThat(FeedbackStats.fisherGreater(3, 4, 1, 4)).isCloseTo(0.2428571, within(1e-6));
        // the other direction: 1 - P(X <= 0) with X hypergeometric ... = 0.9857143
        assertThat(FeedbackStats.fisherGreater(1, 4, 3, 4)).isCloseTo(0.9857143, within(1e-6));
    }

    @Test
    void binomialLowerTailMatchesPbinom() {
        // pbinom(2, 10, 0.5) = 0.0546875; pbinom(30, 200, 0.2) = 0.04302156 (the exact sum of the terms)
        assertThat(FeedbackStats.binomialAtMost(2, 10, 0.5)).isCloseTo(0.0546875, within(1e-9));
        assertThat(FeedbackStats.binomialAtMost(30, 200, 0.2)).isCloseTo(0.0430215563756616, within(1e-12));
    }

    @Test
    void normalTailsMatchPnorm() {
        // 1 - pnorm(1.959964) = 0.025; 1 - pnorm(-1) = 0.8413447
        assertThat(FeedbackStats.upperTail(1.959963984540054)).isCloseTo(0.025, within(1e-12));
        assertThat(FeedbackStats.upperTail(-1)).isCloseTo(0.8413447, within(1e-7));
        assertThat(FeedbackStats.twoSided(-1.959963984540054)).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void observedToExpectedUsesTheExactPoissonInterval() {
        // poisson.test(10)$conf.int = 4.795389 18.390356; divided by 10 expected
        Stats.Interval interval = FeedbackStats.observedToExpected(10, 10);
        assertThat(interval.low()).isCloseTo(0.4795389, within(1e-6));
        assertThat(interval.high()).isCloseTo(1.8390356, within(1e-6));
        assertThat(FeedbackStats.observedToExpected(0, 4).low()).isZero();
        assertThat(FeedbackStats.observedToExpected(0, 4).high()).isCloseTo(3.688879 / 4, within(1e-6));
    }

    @Test
    void logisticRegressionSolvesItsNormalEquations() {
        double[][] a = {{4, 2}, {2, 3}};
        double[] x = Logistic.solve(a, new double[] {10, 8});
        assertThat(x[0]).isCloseTo(1.75, within(1e-12));
        assertThat(x[1]).isCloseTo(1.5, within(1e-12));
    }
}
