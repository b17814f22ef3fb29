package io.leadgrade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.leadgrade.support.ChildApp;
import io.leadgrade.support.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An import whose process is killed ({@code kill -9}) part-way and started again finishes with every lead once: the
 * service runs in its own JVM on the embedded store, is killed after a few checkpoints (with a batch's deferred
 * writes in flight), and the restarted service takes the abandoned job over from its last checkpoint.
 */
class ImportKillTests {

    static final int ROWS = 12_000;

    @TempDir
    Path data;

    /** The store the app in its own JVM runs on: the embedded one on this port (the MongoDB twin: its container). */
    String storeArgument(int storePort) {
        return "--leadgrade.store.embedded.port=" + storePort;
    }

    String storeUri(int storePort) {
        return "mongodb://127.0.0.1:" + storePort;
    }

    @Test
    void an_import_killed_part_way_and_started_again_loses_and_duplicates_no_lead() throws Exception {
        StringBuilder csv =
                new StringBuilder("Lead ID,E-mail,Job Title,Employees,Country,Lead Source,Pricing visits\n");
        String[] titles = {"VP Marketing", "Marketing Manager", "Engineer", "Head of Growth", "Intern"};
        for (int i = 0; i < ROWS; i++) {
            csv.append("k")
                    .append(i)
                    .append(",k")
                    .append(i)
                    .append("@acme.com,")
                    .append(titles[i % titles.length])
                    .append(',')
                    .append(20 + i % 3000)
                    .append(",US,web,")
                    .append(i % 4)
                    .append('\n');
        }
        int port = ChildApp.freePort();
        int storePort = ChildApp.freePort();
        String[] settings = {
            storeArgument(storePort),
            "--leadgrade.jobs.lease=3s",
            "--leadgrade.jobs.takeover-interval=1s",
            "--leadgrade.imports.folder=" + data.resolve("imports")
        };
        Path log = data.resolve("app.log");
        Http http = new Http(port);
        Process app = ChildApp.start(data, port, log, settings);
        String id;
        long killedAt;
        try {
            ChildApp.awaitHealthy(http, app);
            assertThat(http.put("/api/imports/mappings/crm", ImportIntegrationTests.MAPPING)
                            .status())
                    .isEqualTo(200);
            Http.Response started = http.postBytes(
                    "/api/imports?mapping=crm", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            id = started.json().path("id").asString();
            do {
                Thread.sleep(20);
                killedAt = http.get("/api/imports/" + id)
                        .json()
                        .path("import")
                        .path("rows")
                        .asLong();
            } while (killedAt < 3L * ImportJob.BATCH);
        } finally {
            app.destroyForcibly(); // SIGKILL: no shutdown hook, the batch in flight is not committed
            app.waitFor();
        }
        assertThat(killedAt).as("killed part-way").isLessThan(ROWS);

        app = ChildApp.start(data, port, log, settings);
        try {
            ChildApp.awaitHealthy(http, app);
            JsonNode state = http.get("/api/imports/" + id).json();
            for (int i = 0;
                    i < 2400 && !state.path("job").path("status").asString().equals("COMPLETED");
                    i++) {
                assertThat(state.path("job").path("status").asString()).isIn("RUNNING", "CANCEL_REQUESTED");
                Thread.sleep(100);
                state = http.get("/api/imports/" + id).json();
            }
            assertThat(state.path("job").path("status").asString())
                    .as(state.toString())
                    .isEqualTo("COMPLETED");
            assertThat(state.path("import").path("rows").asLong()).isEqualTo(ROWS);
            assertThat(state.path("import").path("failed").asLong()).isZero();

            try (MongoClient client = MongoClients.create(storeUri(storePort))) {
                MongoDatabase db = client.getDatabase("leadgrade");
                assertThat(db.getCollection("leads").countDocuments()).isEqualTo(ROWS);
                List<String> ids = db.getCollection("leads")
                        .distinct("externalId", String.class)
                        .into(new ArrayList<>());
                assertThat(ids).hasSize(ROWS);
                assertThat(db.getCollection("gradings").countDocuments(new Document("reason", "NEW_LEAD")))
                        .as("one first grading per lead")
                        .isEqualTo(ROWS);
                long handedOff =
                        db.getCollection("leads").countDocuments(new Document("handoffId", new Document("$ne", null)));
                assertThat(db.getCollection("handoffs").countDocuments())
                        .as("one handoff per MQL")
                        .isEqualTo(handedOff)
                        .isPositive();
            }
            assertThat(Files.readString(log)).contains("Taking over job");
        } finally {
            app.destroy();
            app.waitFor();
        }
    }
}
