package io.leadgrade.store;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the embedded store, used only when no MongoDB URI is configured.
 *
 * @param path folder of the embedded database file ({@code leadgrade.mv})
 * @param port loopback port the embedded server listens on; 0 picks a free one
 * @param cacheSize memory for database pages kept ready; scans of large collections run three times slower at
 *     H2's default of 16 MB
 */
@ConfigurationProperties("leadgrade.store.embedded")
public record StoreProperties(
        @DefaultValue("./data") Path path,
        @DefaultValue("0") int port,
        @DefaultValue("256MB") DataSize cacheSize) {}
