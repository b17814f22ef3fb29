package io.leadgrade.rulesets;

import io.leadgrade.grading.RulesetFiles;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The stored files of any ruleset version, for modules that must point at a rule: where a rule is written (file and
 * line) in the version that graded a lead, and the files to replay a stored version.
 */
@Component
public class RulesetSources {

    /** Where a rule is written: its file and 1-based line. */
    public record Location(String file, int line) {}

    private final RulesetVersionRepository versions;
    private final Map<String, RulesetFiles> cache = new ConcurrentHashMap<>();

    RulesetSources(RulesetVersionRepository versions) {
        this.versions = versions;
    }

    /** The files of a stored version; versions never change, so they are kept once read. */
    public Optional<RulesetFiles> files(String version) {
        if (version == null) {
            return Optional.empty();
        }
        RulesetFiles files = cache.get(version);
        if (files == null) {
            files = versions.findById(version).map(RulesetVersion::toFiles).orElse(null);
            if (files != null) {
                cache.put(version, files);
            }
        }
        return Optional.ofNullable(files);
    }

    /**
     * Where the rule is written in that version: the {@code rule "name"} line of a DRL file, or the row of a
     * decision table whose first cell is the name.
     */
    public Optional<Location> locate(String version, String rule) {
        return files(version).flatMap(files -> locate(files, rule));
    }

    static Optional<Location> locate(RulesetFiles files, String rule) {
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            String[] lines = new String(file.getValue(), StandardCharsets.UTF_8).split("\n", -1);
            boolean drl = file.getKey().endsWith(".drl");
            boolean table = file.getKey().endsWith(".csv");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (drl && (line.startsWith("rule \"" + rule + "\"") || line.equals("rule " + rule))) {
                    return Optional.of(new Location(file.getKey(), i + 1));
                }
                if (table && (line.startsWith(rule + ",") || line.startsWith("\"" + rule + "\","))) {
                    return Optional.of(new Location(file.getKey(), i + 1));
                }
            }
        }
        return Optional.empty();
    }
}
