package io.leadgrade.cli;

import io.leadgrade.feedback.BacktestCommand;
import io.leadgrade.grading.RulesetFiles;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "backtest",
        description = {
            "Replays the rules folder on the handoffs stored in the configured store (the embedded one under ./data"
                    + " unless spring.mongodb.uri is set; stop the service first when it uses the embedded store) and"
                    + " prints the result as JSON: grade transitions, MQL volume, NQS per territory, conversion per"
                    + " grade, AUC, expected SQOs, money and a verdict. Progress goes to stderr.",
            "",
            "With --history, offline (no store): a CSV or JSON-lines file of past leads read with an import mapping"
                    + " whose outcome section says which were handed off and what sales did; the baseline rules grade"
                    + " them as they were handed off, the candidate as it would now. SQO counts as converted."
        },
        optionListHeading = "%nOptions (and, with the store, any --spring.or.leadgrade.property=value):%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the rules fail their checks", "2:bad usage, an unusable file or no store"})
final class BacktestCli implements Callable<Integer> {

    @ParentCommand
    private LeadGradeCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<rules-folder>", description = "the candidate rules folder")
    private Path candidate;

    @Option(names = "--from", paramLabel = "<day>", description = "first day of handoffs to replay, e.g. 2026-01-01")
    private String from;

    @Option(names = "--to", paramLabel = "<day>", description = "the day after the last, e.g. 2026-07-01")
    private String to;

    @Option(names = "--history", paramLabel = "<file>", description = "backtest offline on this file of past leads")
    private Path history;

    @Option(
            names = "--mapping",
            paramLabel = "<mapping.yml>",
            description = "with --history: the import mapping with an outcome section")
    private Path mapping;

    @Option(
            names = "--baseline",
            paramLabel = "<rules-folder>",
            defaultValue = "rules",
            description = "with --history: the rules the past leads were handed off with (default: ${DEFAULT-VALUE})")
    private Path baseline;

    @Unmatched
    private List<String> spring = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> options = StoreContext.springOptions(spec.commandLine(), spring);
        RulesetFiles files = read(candidate);
        if (files == null) {
            return 2;
        }
        if (history == null) {
            return StoreContext.run(
                    options, cli.err, context -> BacktestCommand.run(context, files, from, to, cli.out, cli.err));
        }
        if (mapping == null || !Files.isRegularFile(history)) {
            cli.err.println(
                    mapping == null
                            ? "--history needs --mapping=<mapping.yml> with an outcome section"
                            : "No such file: " + history);
            return 2;
        }
        RulesetFiles before = read(baseline);
        if (before == null) {
            return 2;
        }
        return BacktestCommand.runOffline(files, before, history, mapping, cli.out, cli.err);
    }

    private RulesetFiles read(Path folder) {
        try {
            return RulesetFiles.read(folder);
        } catch (UncheckedIOException e) {
            cli.err.println(e.getMessage());
            return null;
        }
    }
}
