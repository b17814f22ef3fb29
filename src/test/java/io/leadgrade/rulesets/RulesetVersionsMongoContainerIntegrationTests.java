package io.leadgrade.rulesets;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** Ruleset versions, rollback and a second instance following the first ({@link RulesetVersionsIntegrationTests}) against real MongoDB (a single-node replica set); skipped, not failed, where Docker does not run. */
@Testcontainers(disabledWithoutDocker = true)
class RulesetVersionsMongoContainerIntegrationTests extends RulesetVersionsIntegrationTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @DynamicPropertySource
    static void mongoUri(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("leadgrade"));
    }

    @Override
    String storeUri() {
        return MONGO.getReplicaSetUrl("leadgrade");
    }
}
