package io.leadgrade;

import io.leadgrade.cli.RulesCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LeadGradeApplication {

    public static void main(String[] args) {
        // A first argument that is not an option (--server.port=...) names a command-line command.
        if (args.length > 0 && (!args[0].startsWith("-") || args[0].equals("--help") || args[0].equals("-h"))) {
            System.exit(RulesCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(LeadGradeApplication.class, args);
    }
}
