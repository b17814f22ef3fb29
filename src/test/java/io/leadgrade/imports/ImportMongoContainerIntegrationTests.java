package io.leadgrade.imports;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The import checks of {@link ImportIntegrationTests} (mappings, errors and warnings CSVs, cancel and resume) against real MongoDB (a single-node replica set); skipped, not failed, where Docker does not run. */
@Testcontainers(disabledWithoutDocker = true)
class ImportMongoContainerIntegrationTests extends ImportIntegrationTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @DynamicPropertySource
    static void mongoUri(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("leadgrade"));
    }
}
