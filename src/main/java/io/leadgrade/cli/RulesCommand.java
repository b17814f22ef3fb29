package io.leadgrade.cli;

import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetCheck;
import io.leadgrade.grading.RulesetFiles;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code validate|test [rules-folder]}: checks a rules folder offline. Findings go to stdout one per line as
 * {@code file:line:column: message}; exit code 0 when usable, 1 when not, 2 on bad usage.
 */
final class RulesCommand {

    private RulesCommand() {}

    /** The rules folder both commands take, declared once. */
    static final class Folder {

        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "<rules-folder>",
                defaultValue = "rules",
                description = "default: ${DEFAULT-VALUE}")
        Path folder;
    }

    @Command(
            name = "validate",
            description = "Compiles the rules (sandbox included), runs their rule tests and reports static-check"
                    + " warnings: one finding a line as file:line:column: message, then"
                    + " 'ruleset <version>: N passed, M failed'. No server, no database.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:usable", "1:problems or failed tests", "2:bad usage or no such folder"})
    static final class Validate implements Callable<Integer> {

        @ParentCommand
        private LeadGradeCli cli;

        @Mixin
        private Folder rules;

        @Override
        public Integer call() {
            return check(rules.folder, false, cli.out, cli.err);
        }
    }

    @Command(
            name = "test",
            description = "Runs the rule tests of the folder (PASS or FAIL a case, expected against actual for each"
                    + " failure), then 'ruleset <version>: N passed, M failed'. No server, no database.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every test passes", "1:problems or failed tests", "2:bad usage or no such folder"})
    static final class Test implements Callable<Integer> {

        @ParentCommand
        private LeadGradeCli cli;

        @Mixin
        private Folder rules;

        @Override
        public Integer call() {
            return check(rules.folder, true, cli.out, cli.err);
        }
    }

    static int check(Path folder, boolean everyTest, PrintStream out, PrintStream err) {
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
        for (RuleTestResult result : everyTest ? report.tests() : report.failed()) {
            out.println((result.passed() ? "PASS " : "FAIL ") + result);
        }
        if (!everyTest) {
            report.warnings().forEach(warning -> out.println("warning: " + warning));
        }
        int failed = report.failed().size();
        out.println("ruleset " + report.version() + ": " + (report.tests().size() - failed) + " passed, " + failed
                + " failed"
                + (report.problems().isEmpty() ? "" : ", " + report.problems().size() + " problems"));
        return report.problems().isEmpty() && failed == 0 ? 0 : 1;
    }
}
