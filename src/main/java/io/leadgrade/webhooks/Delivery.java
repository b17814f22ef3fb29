package io.leadgrade.webhooks;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One event to one subscription, in the {@code webhook_deliveries} collection, from the moment the event is known to
 * the last attempt. The worker sends the pending ones in {@code seq} order per subscription and lead; the delivery
 * log reads a subscription's newest first; delivered and failed ones are removed after the retention period.
 *
 * @param id "{eventId}:{webhookId}": an event the registry delivers twice is queued once
 * @param seq the order events were queued in, across the instances (one counter in the store)
 * @param orderKey the lead, or the delivery itself for events of no lead: what must go out in order
 * @param body the JSON sent, kept as text so every attempt signs and sends the same bytes
 * @param nextAttemptAt when a pending delivery is next due; while an attempt runs, when that attempt's lease ends
 * @param history every attempt, oldest first
 */
@Document("webhook_deliveries")
@CompoundIndexes({
    @CompoundIndex(name = "pending_in_order", def = "{'status': 1, 'seq': 1}"),
    @CompoundIndex(name = "log_of_webhook", def = "{'webhookId': 1, 'seq': -1}")
})
record Delivery(
        @Id String id,
        long seq,
        String webhookId,
        String eventId,
        String eventType,
        String leadId,
        String orderKey,
        Instant occurredAt,
        String body,
        Status status,
        int attempts,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        Integer lastStatusCode,
        String lastError,
        Instant createdAt,
        @Indexed(name = "finished") Instant finishedAt,
        boolean test,
        List<Attempt> history) {

    enum Status {
        /** Waiting for its first attempt or a retry. */
        PENDING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Every attempt failed (or the test event's one attempt): no more attempts. */
        FAILED
    }

    /** One attempt: when, the HTTP status (null when no answer came), the error (null on success). */
    record Attempt(Instant at, Integer statusCode, String error) {}

    /** What the delivery log shows: everything but the body. */
    record View(
            String id,
            String eventId,
            String eventType,
            String leadId,
            Instant occurredAt,
            Status status,
            int attempts,
            Integer lastStatusCode,
            String lastError,
            Instant lastAttemptAt,
            Instant nextAttemptAt,
            Instant finishedAt,
            boolean test,
            List<Attempt> history) {}

    View view() {
        return new View(
                id,
                eventId,
                eventType,
                leadId,
                occurredAt,
                status,
                attempts,
                lastStatusCode,
                lastError,
                lastAttemptAt,
                status == Status.PENDING ? nextAttemptAt : null,
                finishedAt,
                test,
                history);
    }
}
