package io.leadgrade.leads;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The privacy checks of {@link PrivacyIntegrationTests} (export and erasure of personal data) against real MongoDB (a single-node replica set); skipped, not failed, where Docker does not run. */
@Testcontainers(disabledWithoutDocker = true)
class PrivacyMongoContainerIntegrationTests extends PrivacyIntegrationTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @DynamicPropertySource
    static void mongoUri(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("leadgrade"));
    }
}
