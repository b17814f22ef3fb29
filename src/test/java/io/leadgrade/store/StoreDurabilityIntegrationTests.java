package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.leadgrade.support.ChildApp;
import io.leadgrade.support.Http;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A write the API acknowledged survives {@code kill -9} of the process: the app runs in its own JVM on the embedded
 * store, is killed right after its last answer, and the database file is then opened again. Every write of a request
 * (the lead, its history entry, its handoff, the lead again; an event and the lead it changes) is deferred and made
 * durable by one commit before the answer, so this checks that none of them is left out of that commit.
 */
class StoreDurabilityIntegrationTests {

    private static final int LEADS = 40;
    private static final int ACTIVITIES = 10;

    @TempDir
    Path data;

    @Test
    void acknowledgedLeadsSurviveKillMinusNine() throws Exception {
        int port = ChildApp.freePort();
        // No background writes (they commit whatever is pending): only the requests' own commits put data on disk.
        Process app = ChildApp.start(
                data,
                port,
                data.resolve("app.log"),
                "--leadgrade.reports.rollup-flush-interval=1h",
                "--leadgrade.jobs.heartbeat-interval=1h",
                "--leadgrade.jobs.takeover-interval=1h",
                "--leadgrade.rules.follow-interval=1h",
                "--leadgrade.handoff.check-interval=1h");
        JsonNode answered;
        int answeredHistory;
        try {
            Http http = new Http(port);
            ChildApp.awaitHealthy(http, app);
            for (int i = 0; i < LEADS; i++) {
                // An engaged VP: an MQL, so the request also writes a handoff and the lead a second time.
                Http.Response response = http.post(
                        "/api/leads",
                        Http.json(Map.of(
                                "externalId",
                                "durable-" + i,
                                "title",
                                "VP Marketing",
                                "country",
                                "US",
                                "companySize",
                                500,
                                "industry",
                                "Software",
                                "engagementCounts",
                                Map.of("webVisits", 6, "pricingPageVisits", 1, "formSubmissions", 1))));
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                assertThat(response.json().path("mql").asBoolean())
                        .as(response.body())
                        .isTrue();
            }
            // Then events: each one the event, the lead graded again and perhaps a history entry.
            for (int i = 0; i < ACTIVITIES; i++) {
                Http.Response response = http.post(
                        "/api/leads/durable-" + i + "/activities",
                        "{\"eventId\":\"e" + i + "\",\"type\":\"WEB_VISIT\",\"at\":\"" + Instant.now() + "\"}");
                assertThat(response.status()).as(response.body()).isEqualTo(201);
            }
            // The last answer before the kill: an update that changes the grade (the lead and a history entry).
            Http.Response changed =
                    http.post("/api/leads", Http.json(Map.of("externalId", "durable-0", "title", "Student")));
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            answered = changed.json();
            answeredHistory = http.get("/api/leads/durable-0/history").json().size();
        } finally {
            app.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the database file
            app.waitFor();
        }

        EmbeddedMongoServer reopened = new EmbeddedMongoServer(data.resolve("store"), 0);
        reopened.start();
        try (MongoClient client = MongoClients.create(reopened.connectionString("leadgrade"))) {
            MongoDatabase db = client.getDatabase("leadgrade");
            assertThat(db.getCollection("leads").countDocuments()).isEqualTo(LEADS);
            assertThat(db.getCollection("gradings").countDocuments()).isGreaterThanOrEqualTo(LEADS);
            assertThat(db.getCollection("handoffs").countDocuments()).isEqualTo(LEADS);
            assertThat(db.getCollection("leads").countDocuments(new Document("status", "HANDED_OFF")))
                    .isEqualTo(LEADS);
            assertThat(db.getCollection("activities").countDocuments()).isEqualTo(ACTIVITIES);
            Document last = db.getCollection("leads")
                    .find(new Document("externalId", "durable-0"))
                    .first();
            assertThat(last).isNotNull();
            assertThat(last.getString("title")).isEqualTo("Student");
            assertThat(last.getString("grade"))
                    .isEqualTo(answered.path("grade").asString())
                    .isNotEqualTo("A1");
            assertThat(db.getCollection("gradings")
                            .countDocuments(new Document(
                                    "leadId", last.getObjectId("_id").toHexString())))
                    .as("history entries of the last lead answered")
                    .isEqualTo(answeredHistory);
        } finally {
            reopened.close();
        }
    }
}
