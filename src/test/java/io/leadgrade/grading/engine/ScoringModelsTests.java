package io.leadgrade.grading.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetCompilationException;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.support.RulesFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ruleset with a second scoring model for the analytics product line, next to the default model. */
class ScoringModelsTests {

    private static final String ANALYTICS_FIT = """
            package leadgrade.rules;

            import io.leadgrade.grading.engine.ScoreCard;

            rule "Analytics: data leader"
            when
                $card : ScoreCard( lead.titleMentions("data", "analytics", "bi") )
            then
                $card.addFit( drools, 70 );
            end
            """;

    private static final String ANALYTICS_ENGAGEMENT = """
            package leadgrade.rules;

            import io.leadgrade.grading.engine.ScoreCard;

            rule "Analytics: attended a webinar"
            when
                $card : ScoreCard( engagement.webinarsAttended >= 1 )
            then
                $card.addEngagement( drools, 60 );
            end
            """;

    @TempDir
    Path rules;

    @BeforeEach
    void defaultRulesWithAnAnalyticsModel() throws IOException {
        RulesFolders.copyDefaultRules(rules);
        Path analytics = Files.createDirectories(rules.resolve("models/analytics"));
        Files.writeString(analytics.resolve("model.yml"), "productLines: [Analytics]\n");
        Files.writeString(analytics.resolve("fit.drl"), ANALYTICS_FIT);
        Files.writeString(analytics.resolve("engagement.drl"), ANALYTICS_ENGAGEMENT);
        Files.copy(rules.resolve("grade-thresholds.drl.csv"), analytics.resolve("grade-thresholds.drl.csv"));
        Files.copy(rules.resolve("grade-mapping.drl.csv"), analytics.resolve("grade-mapping.drl.csv"));
    }

    @Test
    void productLineModelGradesItsLeadsIndependentlyAndIsNamedInTheExplanation() {
        CompiledRuleset ruleset = new RulesetCompiler().compile("rules", RulesetFiles.read(rules));

        Grading grading = ruleset.grade(lead("Head of Data", "analytics", 1));

        assertThat(ruleset.modelNames()).containsExactly("analytics", "default");
        assertThat(grading.grades()).extracting(Grade::model).containsExactly("analytics", "default");
        Grade primary = grading.primary();
        assertThat(primary.fitScore()).isEqualTo(70);
        assertThat(primary.engagementScore()).isEqualTo(60);
        assertThat(primary.grade()).isEqualTo("A1");
        assertThat(primary.explanation())
                .extracting(Contribution::rule)
                .contains("Analytics: data leader", "Analytics: attended a webinar")
                .doesNotContain("Director or head title");
        Grade byDefault = grading.grades().get(1);
        assertThat(byDefault.explanation()).extracting(Contribution::rule).contains("Director or head title");
        assertThat(byDefault.grade()).isEqualTo("C3"); // director or head 25 -> C; webinar 15 -> 3
    }

    @Test
    void leadsOfOtherProductLinesGetOnlyTheDefaultGrade() {
        CompiledRuleset ruleset = new RulesetCompiler().compile("rules", RulesetFiles.read(rules));

        List<Grading> gradings =
                ruleset.gradeAll(List.of(lead("Head of Data", "core", 1), lead("Head of Data", null, 0)));

        assertThat(gradings)
                .allSatisfy(grading -> assertThat(grading.grades())
                        .singleElement()
                        .satisfies(grade -> assertThat(grade.model()).isEqualTo("default")));
    }

    @Test
    void ruleTestsCanExpectTheModel() throws IOException {
        Files.writeString(rules.resolve("tests/analytics.yml"), """
                cases:
                  - name: Data leader who attended a webinar, analytics product line
                    lead: {title: Head of Data, productLine: analytics, engagementCounts: {webinarsAttended: 1}}
                    expect: {model: analytics, grade: A1, tier: HIGH, mql: true}
                  - name: Same lead for the core product is graded by the default model
                    lead: {title: Head of Data, productLine: core, engagementCounts: {webinarsAttended: 1}}
                    expect: {model: default, grade: C3}
                """);
        RulesetFiles files = RulesetFiles.read(rules);
        CompiledRuleset ruleset = new RulesetCompiler().compile("rules", files);

        List<RuleTestResult> results = RuleTests.run(ruleset, files);

        assertThat(results).allSatisfy(result -> assertThat(result.mismatches()).isEmpty());
        // Each model is checked on its own examples: the two cases leave analytics threshold rows unexercised.
        assertThat(ruleset.lint(results))
                .isNotEmpty()
                .allSatisfy(warning -> assertThat(warning.file()).startsWith("models/analytics/"));
    }

    @Test
    void modelWithoutProductLinesIsRejected() throws IOException {
        Files.delete(rules.resolve("models/analytics/model.yml"));

        assertThatThrownBy(() -> new RulesetCompiler().compile("rules", RulesetFiles.read(rules)))
                .isInstanceOf(RulesetCompilationException.class)
                .hasMessageContaining("models/analytics/model.yml")
                .hasMessageContaining("productLines");
    }

    @Test
    void errorsInAModelNameItsFolder() throws IOException {
        Files.writeString(rules.resolve("models/analytics/fit.drl"), ANALYTICS_FIT.replace("70 );", "70 ;"));

        assertThatThrownBy(() -> new RulesetCompiler().compile("rules", RulesetFiles.read(rules)))
                .isInstanceOfSatisfying(
                        RulesetCompilationException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(
                                        problem -> assertThat(problem.file()).isEqualTo("models/analytics/fit.drl")));
    }

    private static LeadData lead(String title, String productLine, int webinars) {
        return new LeadData(
                null,
                null,
                null,
                title,
                null,
                null,
                null,
                null,
                productLine,
                null,
                Map.of(),
                new io.leadgrade.grading.EngagementCounts(0, 0, 0, 0, webinars));
    }
}
