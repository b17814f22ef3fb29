package io.leadgrade.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.RulesetReplay;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The backtest's honesty with the real default rules: the active ruleset against itself changes no figure, on
 * history its own rules handed off and on history imported from another system (which handed off leads of every
 * grade, without a grade of ours); "MQLs before" are the leads the old ruleset made MQLs, not every handoff.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacktestTests {

    static final String[] TITLES = {
        "VP Marketing", "Marketing Director", "Marketing Manager", "Head of Growth", "Marketing Coordinator", "CMO"
    };

    RulesetReplay rules;
    List<LeadData> leads;

    @BeforeAll
    void rules() {
        rules = RulesetReplay.offline(RulesetFiles.read(Path.of("rules")));
        Random random = new Random(7);
        leads = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            leads.add(new LeadData(
                    "p" + i + "@example.com",
                    null,
                    null,
                    TITLES[random.nextInt(TITLES.length)],
                    "Acme " + i,
                    new int[] {40, 150, 600, 3000}[random.nextInt(4)],
                    random.nextBoolean() ? "Software" : "Retail",
                    random.nextInt(5) == 0 ? "DE" : "US",
                    null,
                    "web",
                    Map.of(),
                    new EngagementCounts(
                            random.nextInt(6), random.nextInt(10), random.nextInt(3), random.nextInt(3), 0)));
        }
    }

    @AfterAll
    void close() {
        rules.close();
    }

    @Test
    void theActiveRulesetAgainstItselfChangesNoFigureOnNativeHistory() {
        List<Backtest.Past> history = history(false);
        Backtest.Result result = selfBacktest(history);
        assertNoChange(result);
        assertThat(result.mqlBefore()).isEqualTo(history.size());
        assertThat(result.excluded().imported()).isZero();
        assertThat(result.excluded().storedGradeDiffers()).isZero();
    }

    @Test
    void theActiveRulesetAgainstItselfChangesNoFigureOnImportedHistoryAndCountsOnlyItsMqlsAsMqlsBefore() {
        List<Backtest.Past> history = history(true);
        Backtest.Result result = selfBacktest(history);
        assertNoChange(result);
        long mqls = rules.gradeAll(leads).stream()
                .filter(grading -> grading.primary().mql())
                .count();
        assertThat(history).hasSize(leads.size());
        assertThat(result.mqlBefore()).isEqualTo(mqls).isLessThan(history.size());
        assertThat(result.excluded().imported()).isEqualTo(history.size());
        assertThat(result.excluded().importedWithoutGrade()).isEqualTo(history.size());
        long withOutcome = history.stream().filter(p -> p.disposition() != null).count();
        long mqlsWithOutcome = 0;
        long mqlSqos = 0;
        var gradings = rules.gradeAll(leads);
        for (int i = 0; i < history.size(); i++) {
            if (gradings.get(i).primary().mql() && history.get(i).disposition() != null) {
                mqlsWithOutcome++;
                mqlSqos += "SQO".equals(history.get(i).disposition()) ? 1 : 0;
            }
        }
        // Expected SQOs at the old volume: its MQLs converting as its MQLs with an outcome did, not every handoff.
        assertThat(result.expectedSqosBefore())
                .isCloseTo((double) mqls * mqlSqos / mqlsWithOutcome, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(result.leadsBehind())
                .containsEntry("mqlConversionBefore", mqlsWithOutcome)
                .containsEntry("auc", withOutcome)
                .containsEntry("expectedSqos", mqls);
    }

    /** The native history: the MQLs, with the grade the rules gave at handoff; the imported one: every lead, ungraded. */
    private List<Backtest.Past> history(boolean imported) {
        Random random = new Random(11);
        List<Backtest.Past> history = new ArrayList<>();
        var gradings = rules.gradeAll(leads);
        for (int i = 0; i < leads.size(); i++) {
            Grade grade = gradings.get(i).primary();
            if (!imported && !grade.mql()) {
                continue;
            }
            double p = grade.mql() ? 0.3 : 0.1;
            String code = random.nextDouble() < p ? "SQO" : "NO_INTEREST";
            history.add(new Backtest.Past(
                    leads.get(i), imported ? null : grade.grade(), "t" + (i % 3), i % 10 == 0 ? null : code, imported));
        }
        return history;
    }

    private Backtest.Result selfBacktest(List<Backtest.Past> history) {
        Backtest backtest = new Backtest(rules, rules, Set.of("SQO"));
        for (int from = 0; from < history.size(); from += 500) {
            backtest.add(history.subList(from, Math.min(history.size(), from + 500)));
        }
        return backtest.result(
                0, 0, 0, new FeedbackProperties.Money(new java.math.BigDecimal("25000"), 0.25, 0.08, "USD"));
    }

    private static void assertNoChange(Backtest.Result result) {
        assertThat(result.mqlAfter()).isEqualTo(result.mqlBefore());
        assertThat(result.mqlChange()).isZero();
        assertThat(result.nqsAfter()).isEqualTo(result.nqsBefore());
        assertThat(result.nqsByTerritory()).isNotEmpty().allSatisfy(row -> {
            assertThat(row.leadsAfter()).isEqualTo(row.leadsBefore());
            assertThat(row.nqsAfter()).isEqualTo(row.nqsBefore());
        });
        assertThat(result.conversionAfter()).isEqualTo(result.conversionBefore());
        assertThat(result.aucAfter()).isEqualTo(result.aucBefore());
        assertThat(result.mqlConversionAfter()).isEqualTo(result.mqlConversionBefore());
        assertThat(result.sqosKept()).isEqualTo(1.0);
        assertThat(result.expectedSqosAfter()).isEqualTo(result.expectedSqosBefore());
        assertThat(result.money().extraSqos()).isZero();
        result.transitions().forEach((from, to) -> assertThat(to.keySet()).containsOnly(from));
        assertThat(result.verdict()).startsWith("no clear difference");
        assertThat(result.drivers()).isNull();
    }
}
