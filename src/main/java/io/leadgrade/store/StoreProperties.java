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
 *     H2's default of 16 MB. Unset: a quarter of the maximum heap, at most 256 MB (a fixed 256 MB ran a service
 *     started with {@code -Xmx256m} out of memory)
 * @param temporary delete the folder when the application stops: for test runs and throwaway trials, never for data
 *     anyone wants to keep
 * @param compress write the file's pages LZF-compressed (H2's own compression): lead documents take about 2.4 times
 *     fewer bytes on disk (docs/benchmarks.md); a file written either way opens either way
 */
@ConfigurationProperties("leadgrade.store.embedded")
public record StoreProperties(
        @DefaultValue("./data") Path path,
        @DefaultValue("0") int port,
        DataSize cacheSize,
        @DefaultValue("false") boolean temporary,
        @DefaultValue("true") boolean compress) {

    /** The cache in megabytes: as configured, else a quarter of the maximum heap up to 256 MB (at least 16). */
    int cacheMegabytes() {
        if (cacheSize != null) {
            return (int) cacheSize.toMegabytes();
        }
        long quarter = Runtime.getRuntime().maxMemory() / 4 / (1024 * 1024);
        return (int) Math.max(16, Math.min(256, quarter));
    }
}
