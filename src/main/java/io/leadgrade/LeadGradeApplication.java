package io.leadgrade;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The service. The jar's entry point is {@code io.leadgrade.cli.LeadGradeCli}, which also runs the commands. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LeadGradeApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadGradeApplication.class, args);
    }
}
