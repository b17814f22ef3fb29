package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.leadgrade.support.ChildApp;
import io.leadgrade.support.Http;
import java.nio.file.Path;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the API acknowledged survives {@code kill -9} of the process: the app runs in its own JVM on the embedded
 * store, is killed right after its last answer, and the database file is then opened again.
 */
class StoreDurabilityIntegrationTests {

    private static final int LEADS = 40;

    @TempDir
    Path data;

    @Test
    void acknowledgedLeadsSurviveKillMinusNine() throws Exception {
        int port = ChildApp.freePort();
        Process app = ChildApp.start(data, port, data.resolve("app.log"));
        try {
            Http http = new Http(port);
            ChildApp.awaitHealthy(http, app);
            for (int i = 0; i < LEADS; i++) {
                Http.Response response = http.post(
                        "/api/leads",
                        Http.json(Map.of("externalId", "durable-" + i, "title", "VP Marketing", "country", "US")));
                assertThat(response.status()).as(response.body()).isEqualTo(200);
            }
        } finally {
            app.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the database file
            app.waitFor();
        }

        EmbeddedMongoServer reopened = new EmbeddedMongoServer(data.resolve("store"), 0);
        reopened.start();
        try (MongoClient client = MongoClients.create(reopened.connectionString("leadgrade"))) {
            MongoDatabase db = client.getDatabase("leadgrade");
            assertThat(db.getCollection("leads").countDocuments()).isEqualTo(LEADS);
            assertThat(db.getCollection("gradings").countDocuments()).isEqualTo(LEADS);
            Document last = db.getCollection("leads")
                    .find(new Document("externalId", "durable-" + (LEADS - 1)))
                    .first();
            assertThat(last).isNotNull();
            assertThat(last.getString("grade")).isNotBlank();
        } finally {
            reopened.close();
        }
    }
}
