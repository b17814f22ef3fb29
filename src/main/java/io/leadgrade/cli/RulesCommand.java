package io.leadgrade.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetCheck;
import io.leadgrade.grading.RulesetFiles;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar leadgrade.jar validate|test [rules-folder]}: checks a rules folder offline. Findings go to
 * stdout one per line as {@code file:line:column: message}; exit code 0 when usable, 1 when not, 2 on bad usage.
 */
public final class RulesCommand {

    public static final List<String> COMMANDS = List.of("validate", "test");

    static final String USAGE = """
            Usage: java -jar leadgrade.jar <command> [rules-folder]

            Commands (no server, no database):
              validate   compile the rules (sandbox included), run their rule tests, report static-check warnings
              test       run the rule tests of the folder and show expected against actual for each failure
              grade      grade a CSV or JSON-lines file with the folder and an import mapping (grade --help)

            rules-folder defaults to ./rules. Exit code 0: usable; 1: problems or failed tests; 2: bad usage.

            With the store:
              backtest   replay a rules folder on the stored handoffs with outcomes (backtest --help)
              import     import a CSV or JSON-lines file with a mapping (import --help)
              demo       load the demo data: six months of leads, handoffs and outcomes (demo --help)
            """;

    private RulesCommand() {}

    /** Stdout carries results only: libraries log warnings and worse to stderr. */
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

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0
                || !COMMANDS.contains(args[0])
                || args.length > 2
                || List.of(args).contains("--help")
                || List.of(args).contains("-h")) {
            boolean help = List.of(args).contains("--help") || List.of(args).contains("-h");
            (help ? out : err).print(USAGE);
            return help ? 0 : 2;
        }
        logWarningsToStderr();
        Path folder = Path.of(args.length == 2 ? args[1] : "rules");
        RulesetFiles files;
        try {
            files = RulesetFiles.read(folder);
        } catch (UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        }
        err.println("Checking " + folder.toAbsolutePath().normalize() + " ...");
        RulesetCheck.Report report = RulesetCheck.check(files);
        report.problems().forEach(problem -> out.println(problem));
        for (RuleTestResult result : args[0].equals("test") ? report.tests() : report.failed()) {
            out.println((result.passed() ? "PASS " : "FAIL ") + result);
        }
        if (args[0].equals("validate")) {
            report.warnings().forEach(warning -> out.println("warning: " + warning));
        }
        int failed = report.failed().size();
        out.println("ruleset " + report.version() + ": " + (report.tests().size() - failed) + " passed, " + failed
                + " failed"
                + (report.problems().isEmpty() ? "" : ", " + report.problems().size() + " problems"));
        return report.problems().isEmpty() && failed == 0 ? 0 : 1;
    }
}
