package io.leadgrade.cli;

import io.leadgrade.demo.DemoData;
import io.leadgrade.imports.ImportCommand;
import io.leadgrade.imports.Imports;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "demo",
        description = {
            "Loads the demo data into the configured store (stop the service first when it uses the embedded store):"
                    + " six territories, a dozen reps and six months of leads, handoffs and outcomes with the patterns"
                    + " the README describes. Progress goes to stderr, the import's counts as JSON to stdout. The"
                    + " service does the same at start-up with --leadgrade.demo.enabled=true when no leads are stored."
        },
        optionListHeading = "%nOptions (and any --spring.or.leadgrade.property=value):%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:loaded", "1:the load failed", "2:bad usage or no store"})
final class DemoCli implements Callable<Integer> {

    @ParentCommand
    private LeadGradeCli cli;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--leads",
            defaultValue = "20000",
            paramLabel = "<count>",
            description = "how many leads, 1 to 1000000 (default: ${DEFAULT-VALUE})")
    private int leads;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "the seed of the generator; the same seed gives the same data (default: ${DEFAULT-VALUE})")
    private long seed;

    @Unmatched
    private List<String> spring = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> options = StoreContext.springOptions(spec.commandLine(), spring);
        if (leads < 1 || leads > 1_000_000) {
            cli.err.println("--leads must be between 1 and 1000000");
            return 2;
        }
        return StoreContext.run(options, cli.err, context -> {
            Imports.Started started = context.getBean(DemoData.class).load(leads, seed);
            return ImportCommand.follow(context.getBean(Imports.class), started.id(), cli.out, cli.err);
        });
    }
}
