package io.leadgrade.store;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded store, used only when no MongoDB URI is configured.
 *
 * @param path folder of the embedded database file ({@code leadgrade.mv})
 * @param port loopback port the embedded server listens on; 0 picks a free one
 */
@ConfigurationProperties("leadgrade.store.embedded")
public record StoreProperties(
        @DefaultValue("./data") Path path,
        @DefaultValue("0") int port) {}
