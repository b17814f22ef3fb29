package io.leadgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.leadgrade.dispositions.DispositionAction;
import io.leadgrade.dispositions.DispositionProperties;
import io.leadgrade.dispositions.DispositionService;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verdict of the performance report on cubes built by hand. Team conversion per grade: A1 converts at 20 %, B1
 * at 15 %, so a group of mostly B1 leads promises nearly the team's conversion (the grade mix alone would not call
 * its leads poor) while its Net Quality Score is far below everyone else's.
 */
class PerformanceVerdictTests {

    ReportService reports;
    Cube cube;

    @BeforeEach
    void service() {
        DispositionService dispositions = mock(DispositionService.class);
        when(dispositions.codes())
                .thenReturn(List.of(
                        new DispositionProperties.Code("SQO", "Converted", DispositionAction.CONVERT),
                        new DispositionProperties.Code("NO_INTEREST", "No interest", DispositionAction.RECYCLE)));
        reports = new ReportService(null, dispositions, 20, 15);
        cube = Cube.empty();
    }

    @Test
    void a_group_with_a_far_lower_nqs_that_converts_as_its_leads_allow_reads_as_expected_with_poor_leads() {
        add("east", "A1", "HIGH", 80, 16);
        add("east", "B1", "LOW", 20, 3);
        add("france", "A1", "HIGH", 20, 4);
        add("france", "B1", "LOW", 80, 12);

        ReportService.PerformanceRow france = row("france");
        assertThat(france.expectedConversion())
                .as("the grade mix alone promises over 75 % of the team's conversion")
                .isGreaterThan(0.75 * france.teamConversion());
        assertThat(france.nqs()).isEqualTo(-60.0);
        assertThat(france.restNqs()).isEqualTo(60.0);
        assertThat(france.nqsGap().high()).isLessThan(0);
        assertThat(france.indexInterval().high()).isGreaterThan(1);
        assertThat(france.verdict()).isEqualTo(ReportService.POOR_LEADS);
        assertThat(france.reason())
                .startsWith("NQS -60.0 against 60.0 for the rest of the team (-120.0 points); converts 16.0 %");
        assertThat(row("east").verdict()).isEqualTo(ReportService.FINE);
    }

    @Test
    void a_gap_chance_could_explain_does_not_call_the_leads_poor() {
        // 25 leads at NQS -20 against 100 at 0: 20 points below, but the gap's interval reaches above 0.
        add("small", "A1", "HIGH", 10, 2);
        add("small", "A2", "MEDIUM", 0, 0);
        add("small", "B1", "LOW", 15, 2);
        add("rest", "A1", "HIGH", 40, 8);
        add("rest", "A2", "MEDIUM", 20, 4);
        add("rest", "B1", "LOW", 40, 6);

        ReportService.PerformanceRow small = row("small");
        assertThat(small.nqs() - small.restNqs()).isEqualTo(-20.0);
        assertThat(small.nqsGap().high()).isGreaterThan(0);
        assertThat(small.verdict()).isEqualTo(ReportService.FINE);
    }

    @Test
    void poor_follow_up_outranks_poor_leads() {
        add("east", "A1", "HIGH", 200, 60);
        add("east", "B1", "LOW", 50, 10);
        add("slow", "A1", "HIGH", 20, 0);
        add("slow", "B1", "LOW", 80, 1);

        ReportService.PerformanceRow slow = row("slow");
        assertThat(slow.nqsGap().high()).isLessThan(-15);
        assertThat(slow.indexInterval().high()).isLessThan(1);
        assertThat(slow.verdict()).isEqualTo(ReportService.BELOW);
    }

    @Test
    void a_group_too_small_to_judge_says_how_many_leads_it_has() {
        add("east", "A1", "HIGH", 100, 20);
        add("tiny", "B1", "LOW", 12, 0);

        ReportService.PerformanceRow tiny = row("tiny");
        assertThat(tiny.verdict()).isEqualTo(ReportService.TOO_FEW);
        assertThat(tiny.reason()).isEqualTo("12 leads with an outcome, fewer than the 20 needed");
    }

    /** {@code leads} handoffs of a grade with an outcome, {@code sqo} of them converted. */
    private void add(String group, String grade, String tier, int leads, int sqo) {
        for (int i = 0; i < leads; i++) {
            String disposition = i < sqo ? "SQO" : "NO_INTEREST";
            cube.add(
                    group,
                    new Facts(
                            LocalDate.of(2026, 3, 10),
                            group,
                            group,
                            "(none)",
                            "(none)",
                            Facts.cell(grade, tier, disposition),
                            false,
                            false,
                            0,
                            1));
        }
    }

    private ReportService.PerformanceRow row(String group) {
        return reports.performance(cube).stream()
                .filter(row -> row.group().equals(group))
                .findFirst()
                .orElseThrow();
    }
}
