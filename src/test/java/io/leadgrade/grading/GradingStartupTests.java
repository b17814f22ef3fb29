package io.leadgrade.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadgrade.LeadGradeApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A rules folder that does not compile stops start-up, naming the file and line. */
class GradingStartupTests {

    @TempDir
    Path rules;

    @TempDir
    Path data;

    @Test
    void drlSyntaxErrorStopsStartUpWithFileAndLine() throws IOException {
        Files.writeString(rules.resolve("fit.drl"), """
                package leadgrade.rules;

                import io.leadgrade.grading.engine.ScoreCard;

                rule "Broken"
                when
                    $card : ScoreCard( lead.companySize > 10
                then
                    $card.addFit( drools, 5 );
                end
                """);

        assertThatThrownBy(() -> new SpringApplicationBuilder(LeadGradeApplication.class)
                        .run(
                                "--server.port=0",
                                "--leadgrade.rules.path=" + rules,
                                "--leadgrade.store.embedded.path=" + data,
                                "--leadgrade.store.embedded.temporary=false"))
                .hasStackTraceContaining("fit.drl:8")
                .satisfies(e -> {
                    Throwable root = e;
                    while (!(root instanceof RulesetCompilationException) && root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(RulesetCompilationException.class);
                    assertThat(((RulesetCompilationException) root).problems())
                            .first()
                            .satisfies(problem -> {
                                assertThat(problem.file()).isEqualTo("fit.drl");
                                assertThat(problem.line()).isEqualTo(8);
                            });
                });
    }
}
