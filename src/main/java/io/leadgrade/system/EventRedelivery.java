package io.leadgrade.system;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers again, every {@code leadgrade.events.resubmit-interval} (1 minute), the events between modules whose
 * listener failed or has not finished after that long: an MQL whose handoff failed is handed off by the next run.
 * At start-up the registry delivers what a process that died left (spring.modulith.events.*). Every listener is
 * idempotent, so an event delivered twice (two instances resubmitting at once) changes nothing the second time.
 */
@Component
class EventRedelivery {

    private static final Logger log = LoggerFactory.getLogger(EventRedelivery.class);

    private final IncompleteEventPublications publications;
    private final Duration interval;

    EventRedelivery(
            IncompleteEventPublications publications,
            @Value("${leadgrade.events.resubmit-interval:1m}") Duration interval) {
        this.publications = publications;
        this.interval = interval;
    }

    @Scheduled(
            fixedDelayString = "${leadgrade.events.resubmit-interval:1m}",
            initialDelayString = "${leadgrade.events.resubmit-interval:1m}")
    void resubmitScheduled() {
        try {
            resubmit();
        } catch (RuntimeException storeAway) {
            log.warn("Could not deliver outstanding events again: {}; the next run tries again", storeAway.toString());
        }
    }

    /** Delivers again every event publication older than the interval that is not completed. */
    void resubmit() {
        publications.resubmitIncompletePublicationsOlderThan(interval);
    }
}
