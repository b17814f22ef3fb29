package io.leadgrade.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One event as receivers get it (the JSON body of a delivery).
 *
 * @param id the same for every delivery and retry of this event, also when the event publication registry delivers
 *     it to us twice: receivers deduplicate by it
 * @param leadId LeadGrade's id of the lead (null for a test event); {@code externalId} is the sender's
 */
record WebhookEvent(
        String id, String type, Instant occurredAt, String leadId, String externalId, Map<String, Object> data) {

    /** An id derived from what makes the event itself, so the same event always gets the same id. */
    static String idOf(EventType type, String... parts) {
        String key = type.wire() + "|" + String.join("|", parts);
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
