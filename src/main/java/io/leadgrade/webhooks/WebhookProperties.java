package io.leadgrade.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook delivery settings (leadgrade.webhooks.*), described in docs/integrations.md.
 *
 * @param connectTimeout how long to wait for the receiver's TCP (and TLS) connection
 * @param requestTimeout how long to wait for the receiver's answer to one delivery
 * @param maxAttempts attempts of one delivery before it gives up and its subscription is disabled
 * @param backoffBase the wait after the first failed attempt
 * @param backoffFactor each further wait is this many times the one before
 * @param backoffMax no wait is longer than this
 * @param jitter each wait is moved at random by up to this share of it, either way (0 to 1)
 * @param pollInterval how often the worker looks for deliveries that are due
 * @param threads deliveries sent at the same time (to different leads or subscriptions)
 * @param batchSize pending deliveries the worker reads per look
 * @param retention how long a delivered or failed delivery stays in the log
 */
@ConfigurationProperties("leadgrade.webhooks")
record WebhookProperties(
        Duration connectTimeout,
        Duration requestTimeout,
        Integer maxAttempts,
        Duration backoffBase,
        Double backoffFactor,
        Duration backoffMax,
        Double jitter,
        Duration pollInterval,
        Integer threads,
        Integer batchSize,
        Duration retention) {

    WebhookProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        maxAttempts = maxAttempts == null ? 10 : maxAttempts;
        backoffBase = backoffBase == null ? Duration.ofMinutes(1) : backoffBase;
        backoffFactor = backoffFactor == null ? 2.5 : backoffFactor;
        backoffMax = backoffMax == null ? Duration.ofHours(6) : backoffMax;
        jitter = jitter == null ? 0.2 : jitter;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        threads = threads == null ? 4 : threads;
        batchSize = batchSize == null ? 500 : batchSize;
        retention = retention == null ? Duration.ofDays(7) : retention;
        if (maxAttempts < 1 || threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException(
                    "leadgrade.webhooks.max-attempts, threads and batch-size must be at least 1");
        }
        if (backoffFactor < 1 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException(
                    "leadgrade.webhooks.backoff-factor must be at least 1 and jitter between 0 and 1");
        }
    }

    /** The wait after the {@code failed}-th failed attempt, before jitter: base x factor^(failed - 1), at most max. */
    Duration backoff(int failed) {
        double millis = backoffBase.toMillis() * Math.pow(backoffFactor, Math.max(0, failed - 1));
        return Duration.ofMillis((long) Math.min(millis, backoffMax.toMillis()));
    }

    /** Long enough for one attempt to finish: a delivery claimed by a worker that died is tried again after it. */
    Duration lease() {
        return connectTimeout.plus(requestTimeout).plusSeconds(30);
    }
}
