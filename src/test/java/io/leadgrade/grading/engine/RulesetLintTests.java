package io.leadgrade.grading.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RulesetCompilationException;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.support.RulesFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetLintTests {

    @TempDir
    Path rules;

    @BeforeEach
    void copyDefaultRules() {
        RulesFolders.copyDefaultRules(rules);
    }

    @Test
    void defaultRulesetHasNoWarnings() {
        assertThat(warnings()).isEmpty();
    }

    @Test
    void gapInTheFitThresholdsIsReportedWithTheScores() {
        RulesFolders.replaceIn(thresholds(), "Fit D (below 20 points),,20,D", "Fit D (below 10 points),,10,D");

        assertThat(messages()).contains("fit scores 10 to 19 get no letter: grading such a lead fails; close the gap");
    }

    @Test
    void overlappingThresholdsAreReported() {
        RulesFolders.replaceIn(thresholds(), "Fit B (40 to 59 points),40,60,B", "Fit B (35 to 59 points),35,60,B");

        assertThat(messages()).contains("fit scores 35 to 39 match more than one letter rule; the first one wins");
    }

    @Test
    void letterNoScoreCanReachIsReported() {
        RulesFolders.replaceIn(thresholds(), "Fit A (60 points and more),60,,A", "Fit A (300 points and more),300,,A");
        RulesFolders.replaceIn(thresholds(), "Fit B (40 to 59 points),40,60,B", "Fit B (40 to 299 points),40,300,B");

        assertThat(warnings()).anySatisfy(warning -> {
            assertThat(warning.file()).isEqualTo("grade-thresholds.drl.csv");
            assertThat(warning.message()).startsWith("fit letter A cannot be reached: fit scores run from");
        });
    }

    @Test
    void gradeWithoutTierOrMqlRuleIsReported() {
        RulesFolders.replaceIn(rules.resolve("grade-mapping.drl.csv"), "Grade D4,D4,BELOW_MQL,false\n", "");

        assertThat(messages())
                .contains(
                        "grade D4 has no tier rule; it counts as BELOW_MQL",
                        "grade D4 has no MQL rule; it is not an MQL");
    }

    @Test
    void ruleNoExampleExercisesIsReportedAtItsLine() throws IOException {
        Files.writeString(rules.resolve("partner.drl"), RulesFolders.PARTNER_RULE);

        assertThat(warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.file()).isEqualTo("partner.drl");
            assertThat(warning.line()).isEqualTo(5);
            assertThat(warning.message()).contains("\"Partner referral\" never fires on the rule-test examples");
        });
    }

    @Test
    void tableRowNoExampleExercisesIsReportedAtItsRow() {
        RulesFolders.replaceIn(
                rules.resolve("industry.drl.csv"),
                "Industry: non-profit,non-profit,-10\n",
                "Industry: non-profit,non-profit,-10\nIndustry: mining,mining,5\n");

        assertThat(warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.file()).isEqualTo("industry.drl.csv");
            assertThat(warning.line()).isEqualTo(20);
        });
    }

    @Test
    void duplicateRuleNameIsAnError() throws IOException {
        Files.writeString(rules.resolve("copy.drl"), """
                package leadgrade.rules;
                import io.leadgrade.grading.engine.ScoreCard;
                rule "Executive title"
                when
                    $card : ScoreCard( lead.titleMentions("boss") )
                then
                    $card.addFit( drools, 30 );
                end
                """);

        assertThatThrownBy(() -> new RulesetCompiler().compile("rules", RulesetFiles.read(rules)))
                .isInstanceOf(RulesetCompilationException.class)
                .hasMessageContaining("rule \"Executive title\" is defined twice");
    }

    private Path thresholds() {
        return rules.resolve("grade-thresholds.drl.csv");
    }

    private List<String> messages() {
        return warnings().stream().map(RuleProblem::message).toList();
    }

    private List<RuleProblem> warnings() {
        RulesetFiles files = RulesetFiles.read(rules);
        CompiledRuleset ruleset = new RulesetCompiler().compile("rules", files);
        return ruleset.lint(RuleTests.run(ruleset, files).stream()
                .filter(r -> r.grade() != null)
                .toList());
    }
}
