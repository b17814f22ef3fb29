package io.leadgrade.rulesets;

import io.leadgrade.grading.RulesetFiles;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One ruleset version as stored in the {@code rulesets} collection: every file, keyed by its content hash, with
 * when and from where it was first activated and what changed against the version active before it.
 *
 * @param source where it came from: "rules folder", "upload" or "api"
 * @param by who first activated it: the authenticated user or API key, or
 *     "system" for start-up and the folder watcher
 */
@Document("rulesets")
record RulesetVersion(
        @Id String version,
        List<RulesetFile> files,
        List<String> ruleNames,
        Instant createdAt,
        String source,
        String by,
        String previousVersion,
        ChangeSummary changes) {

    /** A file path (relative to the rules folder) and its bytes; paths contain dots, so they cannot be map keys. */
    record RulesetFile(String path, byte[] content) {}

    RulesetFiles toFiles() {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        files.forEach(file -> contents.put(file.path(), file.content()));
        return new RulesetFiles(contents);
    }

    static List<RulesetFile> filesOf(RulesetFiles files) {
        return files.files().entrySet().stream()
                .map(entry -> new RulesetFile(entry.getKey(), entry.getValue()))
                .toList();
    }
}
