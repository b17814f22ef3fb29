package io.leadgrade;

import io.leadgrade.cli.RulesCommand;
import io.leadgrade.feedback.BacktestCommand;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.imports.GradeCommand;
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
        if (args.length > 0 && args[0].equals("backtest")) {
            System.exit(backtest(args, System.out, System.err));
        }
        // A first argument that is not an option (--server.port=...) names a command-line command.
        if (args.length > 0 && (!args[0].startsWith("-") || args[0].equals("--help") || args[0].equals("-h"))) {
            System.exit(RulesCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(LeadGradeApplication.class, args);
    }

    static final String BACKTEST_USAGE = """
            Usage: java -jar leadgrade.jar backtest <rules-folder> [--from=2026-01-01] [--to=2026-07-01] [--spring options]

            Replays the rules folder on the handoffs stored in the configured store (the embedded one under ./data
            unless spring.mongodb.uri is set; stop the service first when it uses the embedded store) and prints the
            result as JSON: grade transitions, MQL volume, NQS per territory, conversion per grade, AUC, expected
            SQOs, money and a verdict. Progress goes to stderr. Exit code 0: done; 1: the rules fail their checks;
            2: bad usage or no store.
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
        List<String> spring = new ArrayList<>();
        for (String arg : List.of(args).subList(2, args.length)) {
            if (arg.startsWith("--from=")) {
                from = arg.substring("--from=".length());
            } else if (arg.startsWith("--to=")) {
                to = arg.substring("--to=".length());
            } else {
                spring.add(arg);
            }
        }
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
            return BacktestCommand.run(context, files, from, to, out, err);
        }
    }
}
