package io.leadgrade;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LeadGradeApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadGradeApplication.class, args);
    }
}
