package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A temporary store deletes its folder when the application shuts it down; a kept store, or a restart, never does. */
class TemporaryStoreTests {

    @TempDir
    Path data;

    @Test
    void temporaryStoreIsDeletedAtShutdownButSurvivesARestart() {
        Path folder = data.resolve("temporary");
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, true);
        server.start();
        write(server);
        server.close();
        assertThat(folder.resolve("leadgrade.mv"))
                .as("close() is a restart's first half")
                .exists();
        server.start();
        server.shutdown();
        assertThat(folder).doesNotExist();
    }

    @Test
    void keptStoreStaysAtShutdown() {
        Path folder = data.resolve("kept");
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        write(server);
        server.shutdown();
        assertThat(folder.resolve("leadgrade.mv")).exists();
        EmbeddedMongoServer reopened = new EmbeddedMongoServer(folder, 0, 16, false);
        reopened.start();
        try (MongoClient client = MongoClients.create(reopened.connectionString("leadgrade"))) {
            assertThat(client.getDatabase("leadgrade").getCollection("leads").countDocuments())
                    .isEqualTo(1);
        } finally {
            reopened.shutdown();
        }
        assertThat(Files.exists(folder)).isTrue();
    }

    private static void write(EmbeddedMongoServer server) {
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            client.getDatabase("leadgrade").getCollection("leads").insertOne(new Document("externalId", "kept-1"));
        }
    }
}
