package io.leadgrade.demo;

import io.leadgrade.feedback.FeedbackRefreshes;
import io.leadgrade.imports.ImportFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * With {@code leadgrade.demo.enabled=true}, a service that starts with no leads loads the demo data (a job), and once
 * it is in, refreshes the rule feedback so the first visit finds every dashboard page filled (the nightly refresh
 * would leave the findings empty until the next night).
 */
@Component
class DemoStartup {

    private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

    private final DemoData demo;
    private final DemoProperties properties;
    private final MongoTemplate mongo;
    private final FeedbackRefreshes feedback;
    private volatile String loading;

    DemoStartup(DemoData demo, DemoProperties properties, MongoTemplate mongo, FeedbackRefreshes feedback) {
        this.demo = demo;
        this.properties = properties;
        this.mongo = mongo;
        this.feedback = feedback;
    }

    @EventListener(ApplicationReadyEvent.class)
    void loadWhenEmpty() {
        if (!properties.enabled()) {
            return;
        }
        if (mongo.getCollection("leads").estimatedDocumentCount() > 0) {
            log.info("Demo data not loaded: leads are stored already");
            return;
        }
        var started = demo.load(properties.leads(), properties.seed());
        loading = started.id();
        log.info(
                "Loading {} demo leads: import {}, job {} (GET /api/imports/{})",
                properties.leads(),
                started.id(),
                started.job().id(),
                started.id());
    }

    @EventListener
    void demoLoaded(ImportFinished finished) {
        if (finished.importId().equals(loading)) {
            loading = null;
            feedback.startUnlessRunning("demo data loaded")
                    .ifPresent(job -> log.info("Demo data loaded; refreshing the rule feedback (job {})", job.id()));
        }
    }
}
