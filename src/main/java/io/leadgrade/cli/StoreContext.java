package io.leadgrade.cli;

import io.leadgrade.LeadGradeApplication;
import java.io.PrintStream;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/** A command that needs the store: the application without its web server, then the command, then shutdown. */
final class StoreContext {

    interface Work {
        int run(ConfigurableApplicationContext context) throws Exception;
    }

    private StoreContext() {}

    /**
     * The options a command did not declare go to Spring ({@code --spring.mongodb.uri=...},
     * {@code --leadgrade.store.embedded.path=...}); anything else is a usage error, so a misspelt option is not
     * silently taken for a property.
     */
    static List<String> springOptions(CommandLine command, List<String> unmatched) {
        for (String arg : unmatched) {
            if (!arg.matches("--[A-Za-z][\\w-]*(\\.[\\w\\[\\]-]+)+=.*")) {
                throw new CommandLine.ParameterException(
                        command,
                        "Unknown option or argument: '" + arg
                                + "' (Spring options take the form --name.of.property=value)");
            }
        }
        return unmatched;
    }

    static int run(List<String> spring, PrintStream err, Work work) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(LeadGradeApplication.class)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
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
            return work.run(context);
        } catch (Exception e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
