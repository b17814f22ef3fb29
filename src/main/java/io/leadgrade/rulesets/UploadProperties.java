package io.leadgrade.rulesets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on uploaded rulesets, so a zip bomb or a flood of entries is refused before it costs memory.
 *
 * @param maxFiles most files (zip entries or parts) one ruleset may have
 * @param maxFileSize largest single file, uncompressed
 * @param maxTotalSize largest ruleset, all files uncompressed
 */
@ConfigurationProperties("leadgrade.rules.upload")
record UploadProperties(
        @DefaultValue("500") int maxFiles,
        @DefaultValue("2MB") DataSize maxFileSize,
        @DefaultValue("10MB") DataSize maxTotalSize) {}
