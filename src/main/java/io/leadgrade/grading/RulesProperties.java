package io.leadgrade.grading;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param path the rules folder: DRL files and decision tables at its top, rule tests under tests/ */
@ConfigurationProperties("leadgrade.rules")
public record RulesProperties(@DefaultValue("rules") Path path) {}
