package io.leadgrade.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import io.leadgrade.support.Http;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/**
 * An MQL whose handoff fails is not left without one: the event that made it an MQL stays in the event publication
 * registry and is delivered again by the resubmission job, which then hands the lead off once. Meanwhile the lead's
 * answer says the handoff is pending.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "leadgrade.rules.watch.enabled=false",
            "leadgrade.events.resubmit-interval=1s",
            "leadgrade.handoff.check-interval=1h"
        })
@DirtiesContext
class HandoffDeliveryIntegrationTests {

    @LocalServerPort
    int port;

    @MockitoSpyBean
    SalesTeam team;

    @Test
    void aHandoffThatFailedOnceIsDeliveredAgainAndMadeOnce() {
        Http http = new Http(port);
        http.post("/api/territories", "{\"id\": \"na\", \"name\": \"North America\", \"countries\": [\"US\"]}");
        http.post(
                "/api/reps",
                "{\"id\": \"ann\", \"name\": \"Ann Lee\", \"territories\": [\"na\"], \"dailyCapacity\": 20}");
        doThrow(new DataAccessResourceFailureException("the store went away"))
                .doCallRealMethod()
                .when(team)
                .activeProfiles();

        Http.Response created = http.post("/api/leads", """
                {"externalId": "retry-1", "title": "CMO", "companySize": 1200, "country": "US",
                 "email": "cmo@retry.example", "engagementCounts": {"pricingPageVisits": 1, "formSubmissions": 1}}""");
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        JsonNode answer = created.json();
        assertThat(answer.path("mql").asBoolean()).isTrue();
        assertThat(answer.path("status").asString()).as("the handoff failed").isEqualTo("OPEN");
        assertThat(answer.path("handoffPending").asBoolean()).isTrue();
        assertThat(http.get("/api/leads/retry-1/handoffs").json().size()).isZero();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(http.get("/api/leads/retry-1")
                                .json()
                                .path("status")
                                .asString())
                        .isEqualTo("HANDED_OFF"));
        JsonNode lead = http.get("/api/leads/retry-1").json();
        assertThat(lead.path("repId").asString()).isEqualTo("ann");
        assertThat(lead.path("territory").asString()).isEqualTo("na");
        assertThat(lead.path("handoffPending").asBoolean()).isFalse();
        assertThat(http.get("/api/leads/retry-1/handoffs").json().size()).isEqualTo(1);
        long handedOff = 0;
        for (JsonNode event : http.get("/api/events?after=0&limit=1000").json().path("events")) {
            if (event.path("externalId").asString().equals("retry-1")
                    && event.path("type").asString().equals("LEAD_HANDED_OFF")) {
                handedOff++;
            }
        }
        assertThat(handedOff).as("handed off once").isEqualTo(1);
        doCallRealMethod().when(team).activeProfiles();
    }
}
