package io.leadgrade.dispositions;

import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One outcome recorded for a handed-off lead, in the append-only {@code dispositions} collection: a disposition
 * code, or later the opportunity won or lost.
 *
 * @param kind DISPOSITION, OPPORTUNITY_WON or OPPORTUNITY_LOST
 * @param repId the rep the lead was with when it was recorded
 */
@Document("dispositions")
// A lead's outcomes in the order its history lists them (it replaces the single-field leadId index, which stores
// that have it keep: drop it with db.dispositions.dropIndex("leadId")).
@CompoundIndex(name = "lead_time", def = "{'leadId': 1, 'at': 1, '_id': 1}")
public record Disposition(
        @Id String id,
        String leadId,
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
