package io.leadgrade.grading.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.grading.Dimension;
import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.MqlGap;
import io.leadgrade.grading.RulesetFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Why not MQL?" with the default ruleset: fit letters from 60 (A), 40 (B), 20 (C); engagement digits from 50 (1),
 * 30 (2), 10 (3); MQL grades A1, A2 and B1.
 */
class WhyNotMqlTests {

    private static CompiledRuleset ruleset;

    @BeforeAll
    static void compile() {
        ruleset = new RulesetCompiler().compile("rules", RulesetFiles.read(Path.of("rules")));
    }

    @AfterAll
    static void close() {
        ruleset.close();
    }

    @Test
    void a_well_fitting_lead_that_barely_engaged_needs_engagement_points_to_reach_a2() {
        // VP Marketing (30 + 15), served market (10), mid-market (20), software (15): 90 fit points, letter A.
        // One email click: 5 engagement points, digit 4.
        Grade grade = grade("VP Marketing", 500, "Software", new EngagementCounts(1, 0, 0, 0, 0));
        assertThat(grade.grade()).isEqualTo("A4");

        MqlGap gap = ruleset.whyNotMql(grade);

        assertThat(gap.rulesetVersion()).isEqualTo(ruleset.version());
        assertThat(gap.fit()).isEqualTo(new MqlGap.Step(90, "A", null, null, null));
        assertThat(gap.engagement()).isEqualTo(new MqlGap.Step(5, "4", "3", 10, 5));
        assertThat(gap.nearestMql()).isEqualTo(new MqlGap.Target("A2", 0, 25));
        assertThat(gap.rules()).allMatch(rule -> rule.dimension() == Dimension.ENGAGEMENT);
        assertThat(gap.rules())
                .extracting(MqlGap.RuleOption::rule)
                .startsWith("Requested a demo")
                .contains("Visited pricing page", "Submitted a form")
                .doesNotContain("Clicked an email", "Unsubscribed");
        MqlGap.RuleOption pricing = option(gap, "Visited pricing page");
        assertThat(pricing.points()).isEqualTo(25);
        assertThat(pricing.closesGap()).isTrue();
        assertThat(pricing.file()).isEqualTo("engagement.drl");
        assertThat(pricing.line()).isEqualTo(8);
        assertThat(option(gap, "Submitted a form").closesGap()).isFalse();
    }

    @Test
    void a_b_lead_a_few_fit_points_short_of_a2_is_shown_the_fit_rules_and_the_table_rows_they_would_replace() {
        // Marketing Manager (15 + 15), served (10), small business (10), retail (5): 55 fit points, letter B.
        // Pricing page (25), an email click (5), a web visit (5): 35 engagement points, digit 2.
        Grade grade = grade("Marketing Manager", 120, "Retail", new EngagementCounts(1, 1, 1, 0, 0));
        assertThat(grade.grade()).isEqualTo("B2");

        MqlGap gap = ruleset.whyNotMql(grade);

        assertThat(gap.fit()).isEqualTo(new MqlGap.Step(55, "B", "A", 60, 5));
        assertThat(gap.engagement()).isEqualTo(new MqlGap.Step(35, "2", "1", 50, 15));
        assertThat(gap.nearestMql())
                .as("5 fit points to A2 beat 15 engagement points to B1")
                .isEqualTo(new MqlGap.Target("A2", 5, 0));
        MqlGap.RuleOption enterprise = option(gap, "Enterprise (1000+ employees)");
        assertThat(enterprise.points()).isEqualTo(25);
        assertThat(enterprise.replaces()).isEqualTo("Small business (50-199 employees)");
        assertThat(enterprise.gain()).isEqualTo(15);
        assertThat(enterprise.closesGap()).isTrue();
        assertThat(enterprise.file()).isEqualTo("company-size.drl.csv");
        assertThat(option(gap, "Industry: software").gain()).isEqualTo(10);
        assertThat(gap.rules()).extracting(MqlGap.RuleOption::rule).doesNotContain("Manager title", "Served market");
        assertThat(gap.rules()).allMatch(rule -> rule.dimension() == Dimension.FIT && rule.gain() > 0);
    }

    @Test
    void an_mql_has_no_gap() {
        Grade grade = grade("VP Marketing", 500, "Software", new EngagementCounts(2, 6, 1, 1, 0));
        assertThat(grade.mql()).isTrue();
        assertThat(ruleset.whyNotMql(grade)).isNull();
    }

    private static MqlGap.RuleOption option(MqlGap gap, String rule) {
        return gap.rules().stream()
                .filter(option -> option.rule().equals(rule))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + " in " + gap.rules()));
    }

    private static Grade grade(String title, int size, String industry, EngagementCounts engagement) {
        return ruleset.grade(new LeadData(
                        "ann@acme.example",
                        null,
                        null,
                        title,
                        "Acme",
                        size,
                        industry,
                        "US",
                        null,
                        null,
                        Map.of(),
                        engagement))
                .primary();
    }
}
