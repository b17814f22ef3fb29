package io.leadgrade.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadgrade.support.ChildApp;
import io.leadgrade.support.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The process dies between the two steps of a new MQL: the lead and its grading are committed, the handoff has not
 * run. Started again on the same store, the application delivers the outstanding event and hands the lead off.
 */
class HandoffKillTests {

    @TempDir
    Path data;

    @Test
    void anMqlWhoseProcessDiedBeforeItsHandoffIsHandedOffAfterTheRestart() throws Exception {
        int port = ChildApp.freePort();
        Path log = data.resolve("app.log");
        Process app = ChildApp.start(
                data,
                port,
                log,
                "--leadgrade.test.halt-after-qualified-commit=true",
                "--leadgrade.handoff.check-interval=1h");
        Http http = new Http(port);
        try {
            ChildApp.awaitHealthy(http, app);
            http.post("/api/territories", "{\"id\": \"na\", \"name\": \"North America\", \"countries\": [\"US\"]}");
            http.post(
                    "/api/reps",
                    "{\"id\": \"ann\", \"name\": \"Ann Lee\", \"territories\": [\"na\"], \"dailyCapacity\": 20}");
            try {
                http.post("/api/leads", """
                        {"externalId": "crash-1", "title": "CMO", "companySize": 1200, "country": "US",
                         "email": "cmo@crash.example", "engagementCounts": {"pricingPageVisits": 1, "formSubmissions": 1}}""");
            } catch (RuntimeException connectionLost) {
                // The process halted before answering.
            }
            assertThat(app.waitFor(30, TimeUnit.SECONDS))
                    .as("the process halted")
                    .isTrue();
            assertThat(app.exitValue()).isEqualTo(137);
        } finally {
            app.destroyForcibly();
        }

        Process again = ChildApp.start(data, port, log, "--leadgrade.handoff.check-interval=1h");
        try {
            ChildApp.awaitHealthy(http, again);
            JsonNode stored = http.get("/api/leads/crash-1").json();
            assertThat(stored.path("mql").asBoolean())
                    .as("the lead was committed before the crash")
                    .isTrue();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(http.get("/api/leads/crash-1")
                                    .json()
                                    .path("status")
                                    .asString())
                            .isEqualTo("HANDED_OFF"));
            JsonNode handoffs = http.get("/api/leads/crash-1/handoffs").json();
            assertThat(handoffs.size()).isEqualTo(1);
            assertThat(handoffs.get(0).path("repId").asString()).isEqualTo("ann");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
