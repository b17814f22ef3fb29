package io.leadgrade.handoff;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The events feed read with majority read concern ({@link EventFeedReadConcernIntegrationTests}), on a replica set where it matters, against real MongoDB (a single-node replica set); skipped, not failed, where Docker does not run. */
@Testcontainers(disabledWithoutDocker = true)
class EventFeedMongoContainerIntegrationTests extends EventFeedReadConcernIntegrationTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @DynamicPropertySource
    static void mongoUri(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("leadgrade"));
    }
}
