package io.leadgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command tree: every command's help lists its options, usage errors are exit code 2, the rest starts the app. */
class LeadGradeCliTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void everyCommandHasHelpOnStdoutListingItsOptions() {
        Map<String, String[]> options = Map.of(
                "grade", new String[] {"<rules-folder>", "<file>", "--mapping=<mapping.yml>"},
                "validate", new String[] {"[<rules-folder>]"},
                "test", new String[] {"[<rules-folder>]"},
                "backtest", new String[] {"--from=<day>", "--to=<day>", "--history=<file>", "--mapping", "--baseline"},
                "import", new String[] {"<file>", "--mapping=<mapping.yml>"},
                "demo", new String[] {"--leads=<count>", "--seed"});
        options.forEach((command, named) -> {
            out.reset();
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(stdout())
                    .as(command)
                    .startsWith("Usage: leadgrade " + command)
                    .contains(named)
                    .contains("-h, --help")
                    .contains("Exit codes:");
        });
    }

    @Test
    void helpWithoutACommandListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(stdout())
                .contains("Usage: leadgrade")
                .contains("grade", "validate", "test", "backtest", "import", "demo")
                .contains("Without a command");
    }

    @Test
    void unknownCommandsMissingArgumentsAndMisspeltOptionsAreExitCodeTwo() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(stderr()).contains("'frobnicate'");
        err.reset();
        assertThat(run("grade", "rules")).isEqualTo(2);
        assertThat(stderr()).contains("--mapping").contains("Usage: leadgrade grade");
        err.reset();
        assertThat(run("demo", "--lead=300"))
                .as("a misspelt option is not taken for a Spring property")
                .isEqualTo(2);
        assertThat(stderr()).contains("'--lead=300'");
        err.reset();
        assertThat(run("backtest", "rules", "extra")).isEqualTo(2);
        assertThat(stderr()).contains("'extra'");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aFirstArgumentThatIsAnOptionStartsTheService() {
        assertThat(LeadGradeCli.namesCommand(new String[] {})).isFalse();
        assertThat(LeadGradeCli.namesCommand(new String[] {"--server.port=9090"}))
                .isFalse();
        assertThat(LeadGradeCli.namesCommand(new String[] {"grade", "rules"})).isTrue();
        assertThat(LeadGradeCli.namesCommand(new String[] {"frobnicate"})).isTrue();
        assertThat(LeadGradeCli.namesCommand(new String[] {"--help"})).isTrue();
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

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
