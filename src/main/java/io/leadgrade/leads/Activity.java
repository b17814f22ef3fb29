package io.leadgrade.leads;

import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One behavioural event of a lead, in the {@code activities} collection.
 *
 * @param id "{leadId}:{eventId}", so the same event sent twice is stored once
 * @param applied whether the lead's activity digest counts it; false only between storing the event and updating
 *     the lead, and after a crash in between, until the event is sent again
 */
@Document("activities")
// A lead's timeline, newest first with ties by id (its sort, so read in order from the index and cut at the page).
// It replaces "lead_time" {leadId, at: -1}, which SupersededIndexes drops from stores that have it.
@CompoundIndex(name = "lead_newest", def = "{'leadId': 1, 'at': -1, '_id': -1}")
record Activity(
        @Id String id,
        String leadId,
        String eventId,
        String type,
        Instant at,
        Map<String, Object> properties,
        Instant receivedAt,
        boolean applied) {

    static String idOf(String leadId, String eventId) {
        return leadId + ":" + eventId;
    }
}
