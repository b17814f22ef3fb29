package io.leadgrade.handoff;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Handoff settings (leadgrade.handoff.*).
 *
 * @param fallbackTerritory the queue for MQLs no routing rule places (never lost: sales ops work it by hand)
 * @param sla time from assignment to the first disposition, after which a lead shows as overdue
 * @param reassignAfter when set, a lead without a disposition this long after assignment goes to another rep
 * @param checkInterval how often overdue leads, reassignments and queued leads are looked at
 * @param teamRefresh how long routing and assignment use the territories and reps they read before reading them
 *     again; a change made on this instance counts at once, one made on another instance within this time
 */
@ConfigurationProperties("leadgrade.handoff")
public record HandoffProperties(
        String fallbackTerritory, Duration sla, Duration reassignAfter, Duration checkInterval, Duration teamRefresh) {

    public HandoffProperties {
        fallbackTerritory = fallbackTerritory == null ? "unassigned" : fallbackTerritory;
        sla = sla == null ? Duration.ofHours(24) : sla;
        checkInterval = checkInterval == null ? Duration.ofMinutes(1) : checkInterval;
        teamRefresh = teamRefresh == null ? Duration.ofSeconds(2) : teamRefresh;
    }
}
