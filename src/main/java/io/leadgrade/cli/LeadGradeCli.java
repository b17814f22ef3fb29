package io.leadgrade.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.leadgrade.LeadGradeApplication;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The jar's entry point: {@code java -jar leadgrade.jar <command> ...} runs one command of the command line and exits
 * with its code; anything else ({@code --server.port=...} or nothing) starts the service. Results go to stdout and
 * every log line to stderr, so {@code grade ... > graded.csv} holds nothing but the CSV.
 */
@Command(
        name = "leadgrade",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = LeadGradeCli.Version.class,
        usageHelpAutoWidth = true,
        description = "Grades, checks and backtests rules offline, and imports into the configured store.",
        subcommands = {
            GradeCli.class,
            RulesCommand.Validate.class,
            RulesCommand.Test.class,
            BacktestCli.class,
            ImportCli.class,
            DemoCli.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (the rules are usable)", "1:the rules or the input have problems", "2:bad usage"},
        footer = {
            "",
            "Results go to stdout, progress and every log line to stderr.",
            "Without a command, java -jar leadgrade.jar [--spring options] starts the service."
        })
public final class LeadGradeCli {

    final PrintStream out;
    final PrintStream err;

    LeadGradeCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (!namesCommand(args)) {
            SpringApplication.run(LeadGradeApplication.class, args);
            return;
        }
        PrintStream results = System.out;
        // Whatever a library prints or logs to System.out goes to stderr; only the results reach stdout.
        System.setOut(System.err);
        System.exit(execute(args, results, System.err));
    }

    /** A first argument that is not an option ({@code --server.port=...}) names a command. */
    static boolean namesCommand(String[] args) {
        return args.length > 0
                && (!args[0].startsWith("-")
                        || List.of("-h", "--help", "-V", "--version").contains(args[0]));
    }

    /** Runs one command with its results on {@code out} and messages on {@code err}; the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        logWarningsToStderr();
        return new CommandLine(new LeadGradeCli(out, err))
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    command.getErr().println(e.getMessage() == null ? e.toString() : e.getMessage());
                    return 1;
                })
                .execute(args);
    }

    /** Libraries log warnings and worse, to stderr; a command that starts Spring configures its own the same way. */
    private static void logWarningsToStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LeadGradeCli.class.getPackage().getImplementationVersion();
            return new String[] {"LeadGrade " + (version == null ? "(development build)" : version)};
        }
    }
}
