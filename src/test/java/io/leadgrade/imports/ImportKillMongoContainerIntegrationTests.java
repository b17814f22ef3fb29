package io.leadgrade.imports;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * An import killed part-way ({@code kill -9} of the app's JVM) and resumed by the restarted app, with every lead once
 * ({@link ImportKillTests}), against real MongoDB; skipped, not failed, where Docker does not run.
 */
@Testcontainers(disabledWithoutDocker = true)
class ImportKillMongoContainerIntegrationTests extends ImportKillTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Override
    String storeArgument(int storePort) {
        return "--spring.mongodb.uri=" + MONGO.getReplicaSetUrl("leadgrade");
    }

    @Override
    String storeUri(int storePort) {
        return MONGO.getReplicaSetUrl("leadgrade");
    }
}
