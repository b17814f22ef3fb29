package io.leadgrade.rulesets;

import java.time.Instant;

/** A stored version as the list shows it. */
record RulesetVersionSummary(
        String version,
        boolean active,
        Instant createdAt,
        String source,
        String by,
        String previousVersion,
        ChangeSummary changes) {

    static RulesetVersionSummary of(RulesetVersion version, String activeVersion) {
        return new RulesetVersionSummary(
                version.version(),
                version.version().equals(activeVersion),
                version.createdAt(),
                version.source(),
                version.by(),
                version.previousVersion(),
                version.changes());
    }
}
