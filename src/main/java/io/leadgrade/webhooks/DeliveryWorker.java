package io.leadgrade.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Sends the queued deliveries, off every request thread: every {@code poll-interval} it reads what is due (the first
 * pending delivery of each subscription and lead), claims each, and hands it to a small pool of its own. A failed
 * attempt is due again after an exponential backoff; the attempt that reaches {@code max-attempts} fails the
 * delivery for good and disables its subscription, so a dead receiver does not keep the queue busy.
 */
@Component
class DeliveryWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Webhooks webhooks;
    private final Deliveries deliveries;
    private final Sender sender;
    private final WebhookProperties properties;
    private final Clock clock;
    private final ThreadPoolTaskExecutor pool;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    DeliveryWorker(Webhooks webhooks, Deliveries deliveries, Sender sender, WebhookProperties properties, Clock clock) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
        this.pool = new ThreadPoolTaskExecutor();
        pool.setThreadNamePrefix("webhook-");
        pool.setCorePoolSize(properties.threads());
        pool.setMaxPoolSize(properties.threads());
        pool.setQueueCapacity(properties.threads() * 2);
        pool.setWaitForTasksToCompleteOnShutdown(false);
        pool.initialize();
    }

    @Scheduled(
            fixedDelayString = "${leadgrade.webhooks.poll-interval:1s}",
            initialDelayString = "${leadgrade.webhooks.poll-interval:1s}")
    void look() {
        try {
            dispatchDue();
        } catch (RuntimeException storeAway) {
            log.warn("Could not look for webhook deliveries: {}; the next look tries again", storeAway.toString());
        }
    }

    /** Claims and starts every due delivery the pool has room for; answers how many it started. */
    int dispatchDue() {
        List<Webhook> enabled = webhooks.refresh();
        int room = properties.threads() * 3 - inFlight.size();
        if (enabled.isEmpty() || room <= 0) {
            return 0;
        }
        Map<String, Webhook> byId = new java.util.HashMap<>();
        enabled.forEach(webhook -> byId.put(webhook.id(), webhook));
        Instant now = clock.instant();
        int started = 0;
        for (Delivery delivery : deliveries.due(byId.keySet(), properties.batchSize(), now)) {
            if (started == room) {
                break;
            }
            if (inFlight.contains(delivery.id()) || !deliveries.claim(delivery, now.plus(properties.lease()))) {
                continue;
            }
            inFlight.add(delivery.id());
            Webhook webhook = byId.get(delivery.webhookId());
            pool.execute(() -> {
                try {
                    attempt(webhook, delivery);
                } catch (RuntimeException storeAway) {
                    log.warn("Webhook delivery {} not recorded: {}; tried again", delivery.id(), storeAway.toString());
                } finally {
                    inFlight.remove(delivery.id());
                }
            });
            started++;
        }
        return started;
    }

    private void attempt(Webhook webhook, Delivery delivery) {
        Sender.Outcome outcome = sender.send(webhook.url(), webhook.secret(), delivery);
        if (Thread.currentThread().isInterrupted()) {
            return; // stopping: not the receiver's failure; the lease ends and the attempt is made again
        }
        Instant at = clock.instant();
        int failed = delivery.attempts() + 1;
        if (outcome.delivered()) {
            deliveries.attempted(delivery, outcome, at, null);
        } else if (failed >= properties.maxAttempts()) {
            deliveries.attempted(delivery, outcome, at, null);
            webhooks.disable(
                    webhook.id(),
                    "delivery of event " + delivery.eventId() + " (" + delivery.eventType() + ") failed " + failed
                            + " times in a row, last: " + outcome.error()
                            + "; deliveries wait until the webhook is enabled again (PATCH {\"enabled\": true})");
        } else {
            deliveries.attempted(delivery, outcome, at, at.plus(jittered(properties.backoff(failed))));
        }
    }

    /** Sends a test event now, on the caller's thread, once: no retry, and no effect on the subscription. */
    Delivery sendTest(Webhook webhook) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("webhookId", webhook.id());
        data.put("message", "A test event from LeadGrade: this receiver is reachable and checks signatures.");
        WebhookEvent event = new WebhookEvent(
                java.util.UUID.randomUUID().toString(), EventType.TEST.wire(), clock.instant(), null, null, data);
        Delivery delivery = deliveries.enqueueTest(webhook, event);
        deliveries.attempted(delivery, sender.send(webhook.url(), webhook.secret(), delivery), clock.instant(), null);
        return deliveries.get(delivery.id());
    }

    /** Delivered and failed deliveries leave the log after the retention period: the collection stays bounded. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void removeOld() {
        try {
            long removed = deliveries.removeFinishedBefore(clock.instant().minus(properties.retention()));
            if (removed > 0) {
                log.info("Removed {} webhook deliveries finished more than {} ago", removed, properties.retention());
            }
        } catch (RuntimeException storeAway) {
            log.warn("Could not remove old webhook deliveries: {}", storeAway.toString());
        }
    }

    private Duration jittered(Duration wait) {
        double jitter = properties.jitter();
        if (jitter == 0) {
            return wait;
        }
        double factor = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.round(wait.toMillis() * factor));
    }

    @Override
    public void destroy() {
        pool.shutdown();
    }
}
