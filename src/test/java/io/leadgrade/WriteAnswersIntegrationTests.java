package io.leadgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Every write endpoint of the lead's journey answers what was stored, after all it set off: each answer is compared
 * with a {@code GET} right after it.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"leadgrade.rules.watch.enabled=false", "leadgrade.handoff.check-interval=1h"})
@DirtiesContext
class WriteAnswersIntegrationTests {

    static final String[] LEAD_FIELDS = {"status", "territory", "repId", "grade", "mql", "cycle", "disposition"};

    @LocalServerPort
    int port;

    @Test
    void eachWriteAnswersTheStateAGetReadsRightAfter() {
        Http http = new Http(port);
        http.post("/api/territories", "{\"id\": \"na\", \"name\": \"North America\", \"countries\": [\"US\"]}");
        http.post(
                "/api/reps",
                "{\"id\": \"ann\", \"name\": \"Ann Lee\", \"territories\": [\"na\"], \"dailyCapacity\": 20}");

        // A lead that is not an MQL yet, then an activity that makes it one: the activity's answer is handed off.
        JsonNode created = ok(http.post("/api/leads", """
                {"externalId": "answer-1", "title": "CMO", "companySize": 1200, "country": "US",
                 "email": "cmo@answer.example"}"""));
        sameLead(created, http.get("/api/leads/answer-1").json());
        JsonNode active = ok(http.post("/api/leads/answer-1/activities", """
                {"eventId": "d1", "type": "DEMO_REQUEST", "at": "%s"}""".formatted(java.time.Instant.now())));
        JsonNode afterActivity = http.get("/api/leads/answer-1").json();
        sameLead(active.path("lead"), afterActivity);

        // A new MQL: handed off in its own answer.
        JsonNode mql = ok(http.post("/api/leads", """
                {"externalId": "answer-2", "title": "CMO", "companySize": 1200, "country": "US",
                 "email": "cmo2@answer.example", "engagementCounts": {"pricingPageVisits": 1, "formSubmissions": 1}}"""));
        assertThat(mql.path("status").asString()).isEqualTo("HANDED_OFF");
        assertThat(mql.path("repId").asString()).isEqualTo("ann");
        sameLead(mql, http.get("/api/leads/answer-2").json());

        // A disposition: its answer is the stored disposition, and the lead and handoff show it at once.
        JsonNode disposition =
                ok(http.put("/api/leads/answer-2/disposition", "{\"code\": \"SQO\", \"note\": \"Demo booked\"}"));
        JsonNode stored = http.get("/api/leads/answer-2/dispositions").json();
        assertThat(stored.get(stored.size() - 1).path("id").asString())
                .isEqualTo(disposition.path("id").asString());
        assertThat(http.get("/api/leads/answer-2").json().path("status").asString())
                .isEqualTo("DISPOSITIONED");
        assertThat(http.get("/api/leads/answer-2/handoffs")
                        .json()
                        .get(0)
                        .path("disposition")
                        .asString())
                .isEqualTo("SQO");

        // The opportunity outcome: stored as answered, and the handoff's history has the step.
        JsonNode won = ok(http.put("/api/leads/answer-2/opportunity", "{\"outcome\": \"WON\", \"amount\": 52000}"));
        JsonNode history = http.get("/api/leads/answer-2/dispositions").json();
        assertThat(history.get(history.size() - 1).path("id").asString())
                .isEqualTo(won.path("id").asString());
        assertThat(http.get("/api/leads/answer-2/handoffs")
                        .json()
                        .get(0)
                        .path("history")
                        .toString())
                .contains("OPPORTUNITY_WON");
    }

    private static JsonNode ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response.json();
    }

    private static void sameLead(JsonNode answer, JsonNode stored) {
        for (String field : LEAD_FIELDS) {
            assertThat(answer.path(field).toString())
                    .as(field)
                    .isEqualTo(stored.path(field).toString());
        }
    }
}
