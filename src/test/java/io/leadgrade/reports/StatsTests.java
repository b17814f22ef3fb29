package io.leadgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTests {

    @Test
    void wilsonIntervalMatchesTheScoreFormula() {
        // R: prop.test(8, 10, correct = FALSE)$conf.int = 0.4901625 0.9433178
        Stats.Interval interval = Stats.wilson(8, 10);
        assertThat(interval.low()).isCloseTo(0.4901625, within(1e-6));
        assertThat(interval.high()).isCloseTo(0.9433178, within(1e-6));
        // prop.test(0, 20, correct = FALSE)$conf.int = 0 0.1611252; stays inside [0, 1]
        assertThat(Stats.wilson(0, 20).low()).isCloseTo(0, within(1e-12));
        assertThat(Stats.wilson(0, 20).high()).isCloseTo(0.1611252, within(1e-6));
        assertThat(Stats.wilson(20, 20).low()).isCloseTo(0.8388748, within(1e-6));
        assertThat(Stats.wilson(20, 20).high()).isCloseTo(1, within(1e-12));
        assertThat(Stats.wilson(0, 0)).isEqualTo(Stats.Interval.NONE);
    }
}
