package io.leadgrade.dispositions;

import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One outcome recorded for a handed-off lead, in the append-only {@code dispositions} collection: a disposition
 * code, or later the opportunity won or lost.
 *
 * @param kind DISPOSITION, OPPORTUNITY_WON or OPPORTUNITY_LOST
 * @param repId the rep the lead was with when it was recorded
 */
@Document("dispositions")
public record Disposition(
        @Id String id,
        @Indexed String leadId,
        String externalId,
        String handoffId,
        int cycle,
        String kind,
        String code,
        DispositionAction action,
        String note,
        BigDecimal amount,
        String duplicateOf,
        String repId,
        String territory,
        Instant at) {}
