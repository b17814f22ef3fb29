package io.leadgrade.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo data at start-up ({@code leadgrade.demo.*}).
 *
 * @param enabled load the demo data when the service starts with no leads stored
 * @param leads how many leads (about a quarter become MQLs and are handed off)
 * @param seed the same seed gives the same data
 */
@ConfigurationProperties("leadgrade.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("20000") int leads,
        @DefaultValue("7") long seed) {}
