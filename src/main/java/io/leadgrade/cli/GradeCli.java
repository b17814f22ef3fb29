package io.leadgrade.cli;

import io.leadgrade.imports.GradeCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "grade",
        description = {
            "Grades every row of a CSV or JSON-lines file offline (no server, no database) with the rules folder,"
                    + " reading the file as the import mapping says, and writes CSV to stdout: the file's columns, then"
                    + " grade, fit, engagement, fitScore, engagementScore, tier, mql, rulesetVersion, rules (the rules"
                    + " that added or removed points) and error (why a row could not be graded)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:graded (rows that could not be graded say why in error)",
            "1:the rules do not pass their checks or the mapping is wrong",
            "2:bad usage or an unreadable file"
        })
final class GradeCli implements Callable<Integer> {

    @ParentCommand
    private LeadGradeCli cli;

    @Parameters(index = "0", paramLabel = "<rules-folder>", description = "the rules folder to grade with")
    private Path rules;

    @Parameters(index = "1", paramLabel = "<file>", description = "a CSV or JSON-lines file of leads")
    private Path file;

    @Option(
            names = "--mapping",
            required = true,
            paramLabel = "<mapping.yml>",
            description = "the import mapping that says how to read the file (README, \"Import leads from a file\")")
    private Path mapping;

    @Override
    public Integer call() {
        return GradeCommand.run(rules, file, mapping, cli.out, cli.err);
    }
}
