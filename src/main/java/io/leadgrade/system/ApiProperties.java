package io.leadgrade.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize largest request body the API reads; larger ones get 413
 * @param maxUploadSize largest ruleset upload (zip or multipart) accepted by /api/rulesets
 * @param maxImportSize largest file sent to /api/imports (streamed to disk, never held in memory)
 */
@ConfigurationProperties("leadgrade.api")
public record ApiProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("10MB") DataSize maxUploadSize,
        @DefaultValue("2GB") DataSize maxImportSize) {}
