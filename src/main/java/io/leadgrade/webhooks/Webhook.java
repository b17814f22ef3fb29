package io.leadgrade.webhooks;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A subscription in the {@code webhooks} collection: where to send which events, and the secret that signs them.
 *
 * @param eventTypes wire names of {@link EventType}s
 * @param secret signs every delivery; the API shows it once, when the subscription is created
 * @param disabledReason why deliveries stopped (the last failures), null while enabled or when disabled by hand
 */
@Document("webhooks")
record Webhook(
        @Id String id,
        String url,
        List<String> eventTypes,
        String description,
        String secret,
        boolean enabled,
        String disabledReason,
        Instant disabledAt,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {

    boolean subscribes(EventType type) {
        return enabled && eventTypes.contains(type.wire());
    }

    /** What GET shows: everything but the secret, of which only the last four characters. */
    View view() {
        return new View(
                id,
                url,
                eventTypes,
                description,
                enabled,
                disabledReason,
                disabledAt,
                createdAt,
                updatedAt,
                "..." + secret.substring(Math.max(0, secret.length() - 4)));
    }

    record View(
            String id,
            String url,
            List<String> eventTypes,
            String description,
            boolean enabled,
            String disabledReason,
            Instant disabledAt,
            Instant createdAt,
            Instant updatedAt,
            String secretHint) {}

    /** The answer to a create: the only time the secret is shown. */
    record Created(
            String id,
            String url,
            List<String> eventTypes,
            String description,
            boolean enabled,
            Instant createdAt,
            String secret) {}
}
