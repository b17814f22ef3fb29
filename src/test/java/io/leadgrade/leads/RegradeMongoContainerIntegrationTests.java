package io.leadgrade.leads;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The re-grade checks of {@link RegradeIntegrationTests} (progress, cancel, resume, takeover of a job whose instance died) against real MongoDB (a single-node replica set); skipped, not failed, where Docker does not run. */
@Testcontainers(disabledWithoutDocker = true)
class RegradeMongoContainerIntegrationTests extends RegradeIntegrationTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @DynamicPropertySource
    static void mongoUri(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("leadgrade"));
    }
}
