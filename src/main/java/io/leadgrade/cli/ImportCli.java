package io.leadgrade.cli;

import io.leadgrade.imports.ImportCommand;
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
        name = "import",
        description = {
            "Imports a CSV or JSON-lines file into the configured store (the embedded one under ./data unless"
                    + " spring.mongodb.uri is set; stop the service first when it uses the embedded store), with the"
                    + " same mapping format and the same job as POST /api/imports. Progress goes to stderr; the"
                    + " import's counts as JSON to stdout."
        },
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions (and any --spring.or.leadgrade.property=value):%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:imported (rows with errors are counted and kept out)",
            "1:the import failed (for example a column the mapping names is missing)",
            "2:bad usage, an unreadable file or mapping, or no store"
        })
final class ImportCli implements Callable<Integer> {

    @ParentCommand
    private LeadGradeCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file>", description = "a CSV or JSON-lines file of leads or activities")
    private Path file;

    @Option(
            names = "--mapping",
            required = true,
            paramLabel = "<mapping.yml>",
            description = "the import mapping (README, \"Import leads from a file\"); its lookup tables are the"
                    + " files next to it")
    private Path mapping;

    @Unmatched
    private List<String> spring = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> options = StoreContext.springOptions(spec.commandLine(), spring);
        String problem = ImportCommand.check(file, mapping);
        if (problem != null) {
            cli.err.println(problem);
            return 2;
        }
        return StoreContext.run(
                options, cli.err, context -> ImportCommand.run(context, file, mapping, cli.out, cli.err));
    }
}
