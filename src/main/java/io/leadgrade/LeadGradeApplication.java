package io.leadgrade;

import io.leadgrade.cli.RulesCommand;
import io.leadgrade.demo.DemoData;
import io.leadgrade.feedback.BacktestCommand;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.imports.GradeCommand;
import io.leadgrade.imports.ImportCommand;
import io.leadgrade.imports.Imports;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LeadGradeApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("grade")) {
            System.exit(GradeCommand.run(args, System.out, System.err));
        }
        if (args.length > 0 && List.of("backtest", "import", "demo").contains(args[0])) {
            // Commands with the store print their result on stdout; logs and anything else go to stderr.
            java.io.PrintStream stdout = System.out;
            System.setOut(System.err);
            System.exit(
                    switch (args[0]) {
                        case "backtest" -> backtest(args, stdout, System.err);
                        case "import" -> importFile(args, stdout, System.err);
                        default -> demo(args, stdout, System.err);
                    });
        }
        // A first argument that is not an option (--server.port=...) names a command-line command.
        if (args.length > 0 && (!args[0].startsWith("-") || args[0].equals("--help") || args[0].equals("-h"))) {
            System.exit(RulesCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(LeadGradeApplication.class, args);
    }

    static final String BACKTEST_USAGE = """
            Usage: java -jar leadgrade.jar backtest <rules-folder> [--from=2026-01-01] [--to=2026-07-01] [--spring options]
                   java -jar leadgrade.jar backtest <rules-folder> --history=<file> --mapping=<mapping.yml> [--baseline=rules]

            Replays the rules folder on the handoffs stored in the configured store (the embedded one under ./data
            unless spring.mongodb.uri is set; stop the service first when it uses the embedded store) and prints the
            result as JSON: grade transitions, MQL volume, NQS per territory, conversion per grade, AUC, expected
            SQOs, money and a verdict. Progress goes to stderr. Exit code 0: done; 1: the rules fail their checks;
            2: bad usage or no store.

            With --history, offline (no store): a CSV or JSON-lines file of past leads read with an import mapping
            whose outcome section says which were handed off and what sales did; the baseline rules (./rules unless
            --baseline names a folder) grade them as they were handed off, the candidate as it would now. SQO counts
            as converted.
            """;

    /** {@code backtest <folder> [--from=] [--to=]}: the application without its web server, for one backtest. */
    static int backtest(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        if (args.length < 2 || args[1].startsWith("-") || List.of(args).contains("--help")) {
            boolean help = List.of(args).contains("--help");
            (help ? out : err).print(BACKTEST_USAGE);
            return help ? 0 : 2;
        }
        RulesetFiles files;
        try {
            files = RulesetFiles.read(Path.of(args[1]));
        } catch (UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        }
        String from = null;
        String to = null;
        Path history = null;
        Path mapping = null;
        Path baseline = Path.of("rules");
        List<String> spring = new ArrayList<>();
        for (String arg : List.of(args).subList(2, args.length)) {
            if (arg.startsWith("--history=")) {
                history = Path.of(arg.substring("--history=".length()));
            } else if (arg.startsWith("--mapping=")) {
                mapping = Path.of(arg.substring("--mapping=".length()));
            } else if (arg.startsWith("--baseline=")) {
                baseline = Path.of(arg.substring("--baseline=".length()));
            } else if (arg.startsWith("--from=")) {
                from = arg.substring("--from=".length());
            } else if (arg.startsWith("--to=")) {
                to = arg.substring("--to=".length());
            } else {
                spring.add(arg);
            }
        }
        if (history != null) {
            if (mapping == null || !java.nio.file.Files.isRegularFile(history)) {
                err.println(
                        mapping == null
                                ? "--history needs --mapping=<mapping.yml> with an outcome section"
                                : "No such file: " + history);
                return 2;
            }
            RulesetFiles before;
            try {
                before = RulesetFiles.read(baseline);
            } catch (UncheckedIOException e) {
                err.println(e.getMessage());
                return 2;
            }
            return BacktestCommand.runOffline(files, before, history, mapping, out, err);
        }
        String first = from;
        String last = to;
        return withStore(spring, err, context -> BacktestCommand.run(context, files, first, last, out, err));
    }

    /** A command that needs the store: the application without its web server, then the command, then shutdown. */
    interface StoreCommand {
        int run(ConfigurableApplicationContext context) throws Exception;
    }

    static int withStore(List<String> spring, java.io.PrintStream err, StoreCommand command) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(LeadGradeApplication.class)
                    .web(WebApplicationType.NONE)
                    .bannerMode(org.springframework.boot.Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .properties(
                            "leadgrade.rules.watch.enabled=false",
                            "logging.level.root=WARN",
                            "spring.main.log-startup-info=false")
                    .run(spring.toArray(String[]::new));
        } catch (RuntimeException e) {
            err.println("Could not open the store: " + e.getMessage());
            return 2;
        }
        try (context) {
            return command.run(context);
        } catch (Exception e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    static final String DEMO_USAGE = """
            Usage: java -jar leadgrade.jar demo [--leads=20000] [--seed=7] [--spring options]

            Loads the demo data into the configured store (stop the service first when it uses the embedded store):
            six territories, a dozen reps and six months of leads, handoffs and outcomes with the patterns the README
            describes. Progress goes to stderr, the import's counts as JSON to stdout. Exit code 0: loaded; 1: the
            load failed; 2: bad usage or no store. The service does the same at start-up with
            --leadgrade.demo.enabled=true when no leads are stored.
            """;

    /** {@code import <file> --mapping=<yml>}: an import into the configured store, followed to its end. */
    static int importFile(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        List<String> all = List.of(args);
        if (all.contains("--help") || args.length < 2 || args[1].startsWith("-")) {
            boolean help = all.contains("--help");
            (help ? out : err).print(ImportCommand.USAGE);
            return help ? 0 : 2;
        }
        Path mapping = null;
        List<String> spring = new ArrayList<>();
        for (String arg : all.subList(2, args.length)) {
            if (arg.startsWith("--mapping=")) {
                mapping = Path.of(arg.substring("--mapping=".length()));
            } else {
                spring.add(arg);
            }
        }
        Path file = Path.of(args[1]);
        String problem = ImportCommand.check(file, mapping);
        if (problem != null) {
            err.println(problem);
            return 2;
        }
        Path mappingFile = mapping;
        return withStore(spring, err, context -> ImportCommand.run(context, file, mappingFile, out, err));
    }

    /** {@code demo [--leads=] [--seed=]}: the demo data loaded into the configured store. */
    static int demo(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        List<String> all = List.of(args);
        if (all.contains("--help")) {
            out.print(DEMO_USAGE);
            return 0;
        }
        int leads = 20_000;
        long seed = 7;
        List<String> spring = new ArrayList<>();
        try {
            for (String arg : all.subList(1, args.length)) {
                if (arg.startsWith("--leads=")) {
                    leads = Integer.parseInt(arg.substring("--leads=".length()));
                } else if (arg.startsWith("--seed=")) {
                    seed = Long.parseLong(arg.substring("--seed=".length()));
                } else if (arg.startsWith("--")) {
                    spring.add(arg);
                } else {
                    throw new IllegalArgumentException(arg);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("Not understood: " + e.getMessage() + "\n");
            err.print(DEMO_USAGE);
            return 2;
        }
        if (leads < 1 || leads > 1_000_000) {
            err.println("--leads must be between 1 and 1000000");
            return 2;
        }
        int count = leads;
        long chosen = seed;
        return withStore(spring, err, context -> {
            Imports.Started started = context.getBean(DemoData.class).load(count, chosen);
            return ImportCommand.follow(context.getBean(Imports.class), started.id(), out, err);
        });
    }
}
