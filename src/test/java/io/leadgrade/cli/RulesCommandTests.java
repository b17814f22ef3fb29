package io.leadgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.RulesFolders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTests {

    @TempDir
    Path rules;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void testCommandPassesOnTheDefaultRules() {
        int exit = run("test", "rules");

        assertThat(exit).isZero();
        assertThat(stdout())
                .contains("PASS tests/default.yml")
                .containsPattern("ruleset [0-9a-f]{12}: \\d+ passed, 0 failed");
    }

    @Test
    void failingRuleTestShowsExpectedAgainstActualAndExitsOne() {
        RulesFolders.copyDefaultRules(rules);
        RulesFolders.replaceIn(rules.resolve("fit.drl"), "$card.addFit( drools, 10 );", "$card.addFit( drools, -50 );");

        int exit = run("test", rules.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).contains("FAIL tests/default.yml").contains("expected A1, got");
    }

    @Test
    void validateReportsProblemsWithFileAndLine() {
        RulesFolders.copyDefaultRules(rules);
        RulesFolders.replaceIn(
                rules.resolve("engagement.drl"),
                "$card.addEngagement( drools, 25 );",
                "$card.addEngagement( drools, 25 ;");

        int exit = run("validate", rules.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).contains("engagement.drl:");
    }

    @Test
    void validatePrintsASemanticErrorOnOneLineWithFileLineAndColumn() {
        RulesFolders.copyDefaultRules(rules);
        RulesFolders.write(rules.resolve("semantic.drl"), """
                package leadgrade.rules;

                import io.leadgrade.grading.engine.ScoreCard;

                rule "Not a condition"
                when
                    $card : ScoreCard( lead.companySize + 1 )
                then
                    $card.addFit( drools, 5 );
                end
                """);

        int exit = run("validate", rules.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout().lines())
                .contains("semantic.drl:7:5: Predicate 'lead.companySize + 1' must be a Boolean expression")
                .noneMatch(line -> line.startsWith("[Line:"));
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'frobnicate'");
        assertThat(run("test", "/no/such/folder")).isEqualTo(2);
    }

    @Test
    void helpGoesToStdoutWithExitZero() {
        assertThat(run("test", "--help")).isZero();
        assertThat(stdout()).contains("Usage:");
    }

    private int run(String... args) {
        return LeadGradeCli.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
