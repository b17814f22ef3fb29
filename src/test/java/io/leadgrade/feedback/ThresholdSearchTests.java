package io.leadgrade.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The block search against every set of thresholds on a small grid of totals: climbing from each set of digits reaches
 * the best AUC in the volume band that trying them all finds, so the letter-by-letter split of the AUC it relies on
 * holds, for the three letter and digit thresholds of a full grid and for fewer.
 */
class ThresholdSearchTests {

    static final boolean[][] MQL = {
        {true, true, false, false},
        {true, false, false, false},
        {false, false, false, false},
        {false, false, false, false}
    };

    @Test
    void climbingFromEveryDigitsReachesTheBestThresholdsInTheBand() {
        ThresholdSearch search = world(900);

        assertThat(climbed(search, 3, 3)).isCloseTo(tried(search, 3, 3), offset(1e-12));
    }

    @Test
    void climbingWorksForFewerLettersAndDigits() {
        ThresholdSearch search = world(1200);

        assertThat(climbed(search, 2, 1)).isCloseTo(tried(search, 2, 1), offset(1e-12));
        assertThat(climbed(search, 1, 2)).isCloseTo(tried(search, 1, 2), offset(1e-12));
    }

    @Test
    void thresholdsAreTheTotalsAtTheirCuts() {
        int[][] totals = {{10, 0}, {20, 5}, {30, 10}};
        ThresholdSearch search = new ThresholdSearch(totals, totals, new boolean[] {false, true, true}, MQL, 1, 0.5);

        assertThat(search.cuts(0, new int[] {31, 20, 11})).containsExactly(3, 1, 1);
        assertThat(search.thresholds(0, new int[] {3, 2, 0})).containsExactly(31, 30, 10);
    }

    /** 9 fit totals by 7 engagement totals, conversion rising with their sum; MQL volume {@code before} ±10 %. */
    private static ThresholdSearch world(long before) {
        Random random = new Random(7);
        int[][] population = new int[3000][];
        for (int i = 0; i < population.length; i++) {
            population[i] = new int[] {5 * random.nextInt(9), 5 * random.nextInt(7) - 5};
        }
        int[][] outcomes = new int[800][];
        boolean[] converted = new boolean[outcomes.length];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = population[random.nextInt(population.length)];
            double logit = -2 + 0.05 * (outcomes[i][0] + outcomes[i][1]);
            converted[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit));
        }
        return new ThresholdSearch(population, outcomes, converted, MQL, before, 0.10);
    }

    private static double tried(ThresholdSearch search, int letters, int digits) {
        double best = 0;
        int inBand = 0;
        for (int[] l : cuts(9, letters)) {
            for (int[] d : cuts(7, digits)) {
                if (search.inBand(search.volume(l, d))) {
                    inBand++;
                    best = Math.max(best, search.auc(l, d));
                }
            }
        }
        assertThat(inBand).as("sets of thresholds in the band").isPositive();
        return best;
    }

    private static double climbed(ThresholdSearch search, int letters, int digits) {
        double best = 0;
        for (int[] d : cuts(7, digits)) {
            int[][] climbed = search.climb(new int[][] {new int[letters], d});
            if (climbed != null) {
                assertThat(climbed[0]).hasSize(letters);
                assertThat(climbed[1]).hasSize(digits);
                assertThat(search.inBand(search.volume(climbed[0], climbed[1]))).isTrue();
                best = Math.max(best, search.auc(climbed[0], climbed[1]));
            }
        }
        return best;
    }

    /** Every {@code count} cuts n >= c0 > c1 > ... >= 0 (at n the best band is empty). */
    private static List<int[]> cuts(int n, int count) {
        List<int[]> cuts = new ArrayList<>();
        if (count == 0) {
            cuts.add(new int[0]);
            return cuts;
        }
        for (int first = count - 1; first <= n; first++) {
            for (int[] rest : cuts(first - 1, count - 1)) { // below the first
                int[] c = new int[count];
                c[0] = first;
                System.arraycopy(rest, 0, c, 1, rest.length);
                cuts.add(c);
            }
        }
        return cuts;
    }
}
