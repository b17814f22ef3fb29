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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploaded or edited rules may only use the fact model and plain values; anything else is rejected by line. */
class RuleSandboxTests {

    @TempDir
    Path rules;

    @BeforeEach
    void copyDefaultRules() {
        RulesFolders.copyDefaultRules(rules);
    }

    @Test
    void defaultRulesAreAllowed() {
        assertThat(RuleSandbox.check(RulesetFiles.read(rules))).isEmpty();
    }

    @Test
    void systemExitIsRejectedNamingTheLine() throws IOException {
        assertRejected("exit.drl", """
                package leadgrade.rules;
                import io.leadgrade.grading.engine.ScoreCard;
                rule "Stop the server"
                when
                    $card : ScoreCard()
                then
                    System.exit( 0 );
                end
                """, 7, "System");
    }

    @Test
    void readingAFileIsRejected() throws IOException {
        assertRejected("read.drl", """
                package leadgrade.rules;
                import io.leadgrade.grading.engine.ScoreCard;
                rule "Read secrets"
                when
                    $card : ScoreCard( java.nio.file.Files.readString(java.nio.file.Path.of("/etc/passwd")).length() > 0 )
                then
                    $card.addFit( drools, 1 );
                end
                """, 5, "java.nio");
    }

    @Test
    void importOutsideTheAllowListIsRejected() throws IOException {
        assertRejected("import.drl", """
                package leadgrade.rules;
                import java.io.FileReader;
                import io.leadgrade.grading.engine.ScoreCard;
                """, 2, "import of java.io.FileReader");
    }

    @Test
    void reflectionThroughGetClassIsRejected() throws IOException {
        assertRejected("reflect.drl", """
                package leadgrade.rules;
                import io.leadgrade.grading.engine.ScoreCard;
                rule "Load a class"
                when
                    $card : ScoreCard()
                then
                    $card.getClass().getClassLoader();
                end
                """, 7, "getClass");
    }

    @Test
    void reachingTheEngineFromARuleIsRejected() throws IOException {
        assertRejected("engine.drl", """
                package leadgrade.rules;
                import io.leadgrade.grading.engine.ScoreCard;
                rule "Insert anything"
                when
                    $card : ScoreCard()
                then
                    drools.getKieRuntime().halt();
                end
                """, 7, "getKieRuntime");
    }

    @Test
    void forbiddenWordsInsideStringsAndCommentsAreFine() throws IOException {
        Files.writeString(rules.resolve("words.drl"), """
                package leadgrade.rules;
                import io.leadgrade.grading.engine.ScoreCard;
                // System administrators are not buyers: see the File of personas.
                rule "Systems administrator"
                when
                    $card : ScoreCard( lead.titleMentions("system", "System administrator", "exec") )
                then
                    $card.addFit( drools, -5 );
                end
                """);

        assertThat(RuleSandbox.check(RulesetFiles.read(rules))).isEmpty();
    }

    @Test
    void codeInADecisionTableCellIsRejectedAtItsRow() throws IOException {
        RulesFolders.replaceIn(
                rules.resolve("industry.drl.csv"),
                "Industry: retail,retail,5",
                "Industry: retail,retail,\"5); System.exit(0\"");

        assertThat(RuleSandbox.check(RulesetFiles.read(rules))).anySatisfy(problem -> {
            assertThat(problem.file()).isEqualTo("industry.drl.csv");
            assertThat(problem.line()).isEqualTo(16);
            assertThat(problem.message()).contains("System");
        });
    }

    @Test
    void tableValuesThatLookLikeJavaNamesAreFine() {
        RulesFolders.replaceIn(
                rules.resolve("industry.drl.csv"), "Industry: retail,retail,5", "Industry: Process,Process,5");

        assertThat(RuleSandbox.check(RulesetFiles.read(rules))).isEmpty();
    }

    @Test
    void compilerRefusesASandboxViolationBeforeBuilding() throws IOException {
        Files.writeString(rules.resolve("exit.drl"), """
                package leadgrade.rules;
                rule "Exit when loaded"
                when
                then
                    System.exit( 0 );
                end
                """);

        assertThatThrownBy(() -> new RulesetCompiler().compile("rules", RulesetFiles.read(rules)))
                .isInstanceOf(RulesetCompilationException.class)
                .hasMessageContaining("exit.drl:5");
    }

    private void assertRejected(String file, String drl, int line, String named) throws IOException {
        Files.writeString(rules.resolve(file), drl);

        assertThat(RuleSandbox.check(RulesetFiles.read(rules)))
                .as("problems")
                .anySatisfy(problem -> assertProblem(problem, file, line, named));
    }

    private static void assertProblem(RuleProblem problem, String file, int line, String named) {
        assertThat(problem.file()).isEqualTo(file);
        assertThat(problem.line()).isEqualTo(line);
        assertThat(problem.column()).isPositive();
        assertThat(problem.message()).contains(named);
    }
}
