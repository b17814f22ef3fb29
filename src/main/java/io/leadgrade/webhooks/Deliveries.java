package io.leadgrade.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

/**
 * The queue and log of deliveries ({@code webhook_deliveries}): queueing an event for its subscribers, finding what
 * is due in order, claiming one for an attempt, and recording each attempt's outcome.
 */
@Service
class Deliveries {

    private final MongoTemplate mongo;
    private final Webhooks webhooks;
    private final ObjectMapper json;
    private final Clock clock;

    Deliveries(MongoTemplate mongo, Webhooks webhooks, ObjectMapper json, Clock clock) {
        this.mongo = mongo;
        this.webhooks = webhooks;
        this.json = json;
        this.clock = clock;
    }

    @Document("webhook_counters")
    record Counter(@Id String id, long value) {}

    /**
     * Queues the event for every enabled subscription to its type: one counter step for the batch, one insert per
     * subscription. An event queued before (the registry delivered it again) is left as it is.
     */
    List<Delivery> enqueue(EventType type, WebhookEvent event) {
        List<Webhook> targets = webhooks.subscribedTo(type);
        if (targets.isEmpty()) {
            return List.of();
        }
        long seq = nextSeq(targets.size());
        String body = json.writeValueAsString(event);
        Instant now = clock.instant();
        List<Delivery> queued = new ArrayList<>();
        for (Webhook webhook : targets) {
            Delivery delivery = pending(webhook, event, event.leadId(), seq++, body, type == EventType.TEST, now);
            try {
                queued.add(mongo.insert(delivery));
            } catch (DuplicateKeyException queuedBefore) {
                // The event publication registry delivered this event again: it is queued already.
            }
        }
        return queued;
    }

    /** A test event for one subscription, enabled or not, outside the order of its lead events. */
    Delivery enqueueTest(Webhook webhook, WebhookEvent event) {
        return mongo.insert(
                pending(webhook, event, null, nextSeq(1), json.writeValueAsString(event), true, clock.instant()));
    }

    /**
     * A delivery of {@code event} to {@code webhook}, due now. Deliveries of one lead go in order; one without a
     * lead (a test event, a finding) is in an order of its own.
     */
    private static Delivery pending(
            Webhook webhook, WebhookEvent event, String leadId, long seq, String body, boolean test, Instant now) {
        String id = event.id() + ":" + webhook.id();
        return new Delivery(
                id,
                seq,
                webhook.id(),
                event.id(),
                event.type(),
                leadId,
                leadId == null ? id : leadId,
                event.occurredAt(),
                body,
                Delivery.Status.PENDING,
                0,
                now,
                null,
                null,
                null,
                now,
                null,
                test,
                List.of());
    }

    /**
     * The pending deliveries that may go out now, for these subscriptions: the first pending one of each
     * subscription and lead (a lead's next event waits until the one before is delivered or has failed), if it is
     * due. Reads the oldest {@code batch} pending deliveries; a backlog beyond that waits for the next look.
     */
    List<Delivery> due(Collection<String> webhookIds, int batch, Instant now) {
        if (webhookIds.isEmpty()) {
            return List.of();
        }
        Query pending = Query.query(Criteria.where("status")
                        .is(Delivery.Status.PENDING)
                        .and("webhookId")
                        .in(webhookIds)
                        .and("test")
                        .is(false))
                .with(Sort.by("seq"))
                .limit(batch);
        Map<String, Delivery> heads = new LinkedHashMap<>();
        for (Delivery delivery : mongo.find(pending, Delivery.class)) {
            heads.putIfAbsent(delivery.webhookId() + "/" + delivery.orderKey(), delivery);
        }
        return heads.values().stream()
                .filter(head -> !head.nextAttemptAt().isAfter(now))
                .toList();
    }

    /**
     * Takes a due delivery for one attempt: moves its next attempt to the end of a lease, if no one else took it
     * since it was read. A worker that dies mid-attempt leaves it to be taken again when the lease ends.
     */
    boolean claim(Delivery delivery, Instant leaseEnd) {
        return mongo.updateFirst(
                                Query.query(Criteria.where("_id")
                                        .is(delivery.id())
                                        .and("status")
                                        .is(Delivery.Status.PENDING)
                                        .and("nextAttemptAt")
                                        .is(delivery.nextAttemptAt())),
                                new Update().set("nextAttemptAt", leaseEnd),
                                Delivery.class)
                        .getModifiedCount()
                > 0;
    }

    /** Records an attempt: delivered, failed for good, or due again at {@code retryAt}. */
    void attempted(Delivery delivery, Sender.Outcome outcome, Instant at, Instant retryAt) {
        Delivery.Status status = outcome.delivered()
                ? Delivery.Status.DELIVERED
                : retryAt == null ? Delivery.Status.FAILED : Delivery.Status.PENDING;
        Update update = new Update()
                .set("status", status)
                .inc("attempts", 1)
                .set("lastAttemptAt", at)
                .set("lastStatusCode", outcome.statusCode())
                .set("lastError", outcome.error())
                .push("history", new Delivery.Attempt(at, outcome.statusCode(), outcome.error()));
        if (status == Delivery.Status.PENDING) {
            update.set("nextAttemptAt", retryAt);
        } else {
            update.set("finishedAt", at);
        }
        mongo.updateFirst(
                Query.query(
                        Criteria.where("_id").is(delivery.id()).and("status").is(Delivery.Status.PENDING)),
                update,
                Delivery.class);
    }

    Delivery get(String id) {
        return mongo.findById(id, Delivery.class);
    }

    /** A subscription's deliveries, newest first, optionally of one status. */
    List<Delivery> log(String webhookId, Delivery.Status status, int limit) {
        Criteria criteria = Criteria.where("webhookId").is(webhookId);
        if (status != null) {
            criteria = criteria.and("status").is(status);
        }
        return mongo.find(
                Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "seq")).limit(limit), Delivery.class);
    }

    /** A re-enabled subscription's waiting deliveries are due at once instead of at their backed-off time. */
    void dueNow(String webhookId) {
        mongo.updateMulti(
                Query.query(
                        Criteria.where("webhookId").is(webhookId).and("status").is(Delivery.Status.PENDING)),
                new Update().set("nextAttemptAt", clock.instant()),
                Delivery.class);
    }

    void deleteOf(String webhookId) {
        mongo.remove(Query.query(Criteria.where("webhookId").is(webhookId)), Delivery.class);
    }

    /** Removes delivered and failed deliveries finished before {@code before}: what bounds the collection. */
    long removeFinishedBefore(Instant before) {
        return mongo.remove(Query.query(Criteria.where("finishedAt").lt(before)), Delivery.class)
                .getDeletedCount();
    }

    private long nextSeq(int count) {
        Counter counter = mongo.findAndModify(
                Query.query(Criteria.where("_id").is("deliveries")),
                new Update().inc("value", count),
                FindAndModifyOptions.options().upsert(true).returnNew(true),
                Counter.class);
        return counter.value() - count + 1;
    }

    static Set<String> ids(List<Webhook> webhooks) {
        Set<String> ids = new HashSet<>();
        webhooks.forEach(webhook -> ids.add(webhook.id()));
        return ids;
    }
}
