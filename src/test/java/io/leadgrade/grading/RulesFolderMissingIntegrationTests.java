package io.leadgrade.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.ChildApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Started in a folder without {@code rules/} (a jar run from the downloads folder), the application ends with the
 * folder it looked for and the property to set, a non-zero exit code and no stack trace.
 */
class RulesFolderMissingIntegrationTests {

    @TempDir
    Path folder;

    @Test
    void a_start_without_a_rules_folder_names_the_folder_and_the_property_and_prints_no_stack_trace() throws Exception {
        Path log = folder.resolve("app.log");
        Process app = ChildApp.startWithoutRules(folder, ChildApp.freePort(), log);
        assertThat(app.waitFor(180, TimeUnit.SECONDS))
                .as("the process ends by itself")
                .isTrue();
        String output = Files.readString(log);
        assertThat(app.exitValue()).as(output).isNotZero();
        List<String> lines = output.lines()
                .filter(line -> line.contains("The rules folder "))
                .toList();
        assertThat(lines).as(output).hasSize(1);
        assertThat(lines.get(0))
                .contains(folder.resolve("rules").toAbsolutePath().toString());
        assertThat(output).contains("--leadgrade.rules.path=");
        // Spring's one-line warning that the refresh was cancelled stays; the trace through the constructors does not.
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
        assertThat(output).contains("APPLICATION FAILED TO START");
    }
}
