package io.leadgrade.rulesets;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A stored version with its files (text as text, spreadsheets by size) and its diff against a base version. */
record RulesetVersionDetail(
        String version,
        boolean active,
        Instant createdAt,
        String source,
        String by,
        String previousVersion,
        ChangeSummary changes,
        List<String> ruleNames,
        List<File> files,
        String diffAgainst,
        List<RulesetDiff.FileDiff> diff) {

    record File(String path, int size, String text) {}

    static RulesetVersionDetail of(
            RulesetVersion version, String activeVersion, String base, List<RulesetDiff.FileDiff> diff) {
        List<File> files = version.files().stream()
                .map(file -> new File(file.path(), file.content().length, textOrNull(file)))
                .toList();
        return new RulesetVersionDetail(
                version.version(),
                version.version().equals(activeVersion),
                version.createdAt(),
                version.source(),
                version.by(),
                version.previousVersion(),
                version.changes(),
                version.ruleNames(),
                files,
                base,
                diff);
    }

    private static String textOrNull(RulesetVersion.RulesetFile file) {
        String path = file.path().toLowerCase(java.util.Locale.ROOT);
        return path.endsWith(".xlsx") || path.endsWith(".xls")
                ? null
                : new String(file.content(), StandardCharsets.UTF_8);
    }
}
