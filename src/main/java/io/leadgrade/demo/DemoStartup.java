package io.leadgrade.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** With {@code leadgrade.demo.enabled=true}, a service that starts with no leads loads the demo data (a job). */
@Component
class DemoStartup {

    private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

    private final DemoData demo;
    private final DemoProperties properties;
    private final MongoTemplate mongo;

    DemoStartup(DemoData demo, DemoProperties properties, MongoTemplate mongo) {
        this.demo = demo;
        this.properties = properties;
        this.mongo = mongo;
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
        log.info(
                "Loading {} demo leads: import {}, job {} (GET /api/imports/{})",
                properties.leads(),
                started.id(),
                started.job().id(),
                started.id());
    }
}
