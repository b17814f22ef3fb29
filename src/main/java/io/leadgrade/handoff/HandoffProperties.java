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
 */
@ConfigurationProperties("leadgrade.handoff")
public record HandoffProperties(
        String fallbackTerritory, Duration sla, Duration reassignAfter, Duration checkInterval) {

    public HandoffProperties {
        fallbackTerritory = fallbackTerritory == null ? "unassigned" : fallbackTerritory;
        sla = sla == null ? Duration.ofHours(24) : sla;
        checkInterval = checkInterval == null ? Duration.ofMinutes(1) : checkInterval;
    }
}
