package io.leadgrade.grading.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RulesetCompilationException;
import io.leadgrade.grading.RulesetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetCompilerTests {

    private static final LeadData VP_AT_SOFTWARE_COMPANY = new LeadData(
            "ann@acme.com",
            "Ann",
            "Lee",
            "VP Marketing",
            "Acme",
            500,
            "Software",
            "US",
            null,
            null,
            Map.of(),
            new EngagementCounts(2, 6, 1, 1, 0));

    @TempDir
    Path rules;

    private final RulesetCompiler compiler = new RulesetCompiler();

    @BeforeEach
    void copyDefaultRules() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, rules.resolve(file.getFileName().toString()));
            }
        }
    }

    @Test
    void drlSyntaxErrorIsReportedWithFileLineAndColumn() throws IOException {
        Files.writeString(rules.resolve("broken.drl"), """
                package leadgrade.rules;

                import io.leadgrade.grading.engine.ScoreCard;

                rule "Missing parenthesis"
                when
                    $card : ScoreCard( lead.companySize > 10
                then
                    $card.addFit( drools, 5 );
                end
                """);

        assertThatThrownBy(() -> compiler.compile("rules", RulesetFiles.read(rules)))
                .isInstanceOfSatisfying(RulesetCompilationException.class, e -> {
                    assertThat(e.problems()).isNotEmpty();
                    RuleProblem first = e.problems().get(0);
                    assertThat(first.file()).isEqualTo("broken.drl");
                    assertThat(first.line()).isBetween(7, 8);
                    assertThat(first.column()).isPositive();
                    assertThat(e.getMessage()).contains("broken.drl:");
                });
    }

    @Test
    void semanticErrorIsOneLineWithFileLineAndColumnLikeASyntaxError() throws IOException {
        Files.writeString(rules.resolve("semantic.drl"), """
                package leadgrade.rules;

                import io.leadgrade.grading.engine.ScoreCard;

                rule "Not a condition"
                when
                    $card : ScoreCard( lead.companySize + 1 )
                then
                    $card.addFit( drools, 5 );
                end
                """);

        assertThatThrownBy(() -> compiler.compile("rules", RulesetFiles.read(rules)))
                .isInstanceOfSatisfying(RulesetCompilationException.class, e -> {
                    RuleProblem problem = e.problems().stream()
                            .filter(p -> p.file().equals("semantic.drl"))
                            .findFirst()
                            .orElseThrow();
                    assertThat(problem.line()).as(problem.toString()).isEqualTo(7);
                    assertThat(problem.column()).as(problem.toString()).isPositive();
                    assertThat(problem.message()).doesNotContain("\n").doesNotContain("[Line:");
                    assertThat(problem.toString())
                            .matches("semantic\\.drl:7:\\d+: \\S.*")
                            .contains("companySize");
                });
    }

    @Test
    void unknownFieldIsReportedWithTheRuleFile() throws IOException {
        Files.writeString(rules.resolve("typo.drl"), """
                package leadgrade.rules;

                import io.leadgrade.grading.engine.ScoreCard;

                rule "Typo in field"
                when
                    $card : ScoreCard( lead.companySise > 10 )
                then
                    $card.addFit( drools, 5 );
                end
                """);

        assertThatThrownBy(() -> compiler.compile("rules", RulesetFiles.read(rules)))
                .isInstanceOfSatisfying(
                        RulesetCompilationException.class,
                        e -> assertThat(e.problems()).anySatisfy(problem -> {
                            assertThat(problem.file()).isEqualTo("typo.drl");
                            assertThat(problem.message()).contains("companySise");
                        }));
    }

    @Test
    void decisionTableWithoutDrlInItsNameIsRejectedNotIgnored() throws IOException {
        Files.move(rules.resolve("industry.drl.csv"), rules.resolve("industry.csv"));

        assertThatThrownBy(() -> compiler.compile("rules", RulesetFiles.read(rules)))
                .isInstanceOfSatisfying(
                        RulesetCompilationException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.file()).isEqualTo("industry.csv");
                            assertThat(problem.message()).contains("industry.drl.csv");
                        }));
    }

    @Test
    void errorInADecisionTableNamesItsRow() throws IOException {
        Path table = rules.resolve("company-size.drl.csv");
        Files.writeString(
                table, Files.readString(table).replace("lead.companySize >= $param", "lead.companySise >= $param"));

        assertThatThrownBy(() -> compiler.compile("rules", RulesetFiles.read(rules)))
                .isInstanceOfSatisfying(
                        RulesetCompilationException.class,
                        e -> assertThat(e.problems()).anySatisfy(problem -> {
                            assertThat(problem.file()).isEqualTo("company-size.drl.csv");
                            assertThat(problem.line()).isEqualTo(10);
                            assertThat(problem.message())
                                    .contains("companySise")
                                    .contains("table row 10");
                        }));
    }

    @Test
    void folderWithoutRuleFilesIsRejected(@TempDir Path empty) throws IOException {
        Files.writeString(empty.resolve("README.md"), "nothing here");

        assertThatThrownBy(() -> compiler.compile("empty", RulesetFiles.read(empty)))
                .isInstanceOf(RulesetCompilationException.class)
                .hasMessageContaining("no rule files");
    }

    @Test
    void changingADecisionTableChangesGradesAndVersion() throws IOException {
        CompiledRuleset before = compiler.compile("rules", RulesetFiles.read(rules));
        Path table = rules.resolve("industry.drl.csv");
        Files.writeString(
                table,
                Files.readString(table).replace("Industry: software,software,15", "Industry: software,software,-60"));

        CompiledRuleset after = compiler.compile("rules", RulesetFiles.read(rules));

        assertThat(before.grade(VP_AT_SOFTWARE_COMPANY).primary().grade()).isEqualTo("A1");
        assertThat(after.grade(VP_AT_SOFTWARE_COMPANY).primary().fitScore()).isEqualTo(90 - 75);
        assertThat(after.grade(VP_AT_SOFTWARE_COMPANY).primary().grade()).isEqualTo("D1");
        assertThat(after.version()).isNotEqualTo(before.version());
    }

    @Test
    void versionIsTheContentHashOfTheFolder(@TempDir Path copy) throws IOException {
        try (Stream<Path> files = Files.list(rules)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, copy.resolve(file.getFileName().toString()));
            }
        }
        assertThat(RulesetFiles.read(copy).version())
                .isEqualTo(RulesetFiles.read(rules).version())
                .hasSize(12);
        Files.writeString(copy.resolve("fit.drl"), Files.readString(copy.resolve("fit.drl")) + "\n// note\n");
        assertThat(RulesetFiles.read(copy).version())
                .isNotEqualTo(RulesetFiles.read(rules).version());
    }

    @Test
    void batchGradingAgreesWithOneByOne() {
        CompiledRuleset ruleset = compiler.compile("rules", RulesetFiles.read(rules));
        LeadData student = new LeadData(
                "bob@gmail.com", null, null, "Student", null, null, null, "BR", null, null, Map.of(), null);

        var batch = ruleset.gradeAll(java.util.List.of(VP_AT_SOFTWARE_COMPANY, student, VP_AT_SOFTWARE_COMPANY));

        assertThat(batch)
                .containsExactly(
                        ruleset.grade(VP_AT_SOFTWARE_COMPANY),
                        ruleset.grade(student),
                        ruleset.grade(VP_AT_SOFTWARE_COMPANY));
        assertThat(batch.get(1).primary().grade()).isEqualTo("D4");
    }

    @Test
    void thresholdGapIsAnErrorNamingTheScore() throws IOException {
        Path thresholds = rules.resolve("grade-thresholds.drl.csv");
        Files.writeString(thresholds, Files.readString(thresholds).replace("Fit D (below 20 points),,20,D\n", ""));
        CompiledRuleset ruleset = compiler.compile("rules", RulesetFiles.read(rules));
        LeadData nobody = new LeadData(null, null, null, null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> ruleset.grade(nobody))
                .isInstanceOf(io.leadgrade.grading.RulesetGapException.class)
                .hasMessageContaining("fit score 0");
    }
}
