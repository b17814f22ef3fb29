package io.leadgrade.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * With leadgrade.activities.create-unknown-leads, an activity for an external id no lead has yet creates a
 * placeholder lead; the lead's profile, sent later, completes it and keeps the activity.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"leadgrade.rules.watch.enabled=false", "leadgrade.activities.create-unknown-leads=true"})
@DirtiesContext
class PlaceholderLeadIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void an_activity_for_an_unknown_lead_creates_a_placeholder_that_the_profile_completes() {
        Http http = new Http(port);
        String at = Instant.now().minusSeconds(30).toString();
        Http.Response first = http.post(
                "/api/leads/web-visitor-7/activities",
                "{\"eventId\":\"v1\",\"type\":\"PRICING_PAGE_VISIT\",\"at\":\"" + at + "\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode placeholder = http.get("/api/leads/web-visitor-7").json();
        assertThat(placeholder.path("placeholder").asBoolean()).isTrue();
        assertThat(placeholder.path("activities").get(0).path("type").asString())
                .isEqualTo("PRICING_PAGE_VISIT");

        Http.Response batch = http.post(
                "/api/activities",
                "{\"activities\":[{\"leadExternalId\":\"batch-visitor\",\"eventId\":\"b1\",\"type\":\"WEB_VISIT\",\"at\":\""
                        + at + "\"}]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertThat(http.get("/api/leads/batch-visitor")
                        .json()
                        .path("placeholder")
                        .asBoolean())
                .isTrue();

        Http.Response profile = http.post(
                "/api/leads",
                "{\"externalId\":\"web-visitor-7\",\"title\":\"VP Marketing\",\"companySize\":500,\"country\":\"US\","
                        + "\"industry\":\"Software\"}");
        assertThat(profile.status()).as(profile.body()).isEqualTo(200);
        JsonNode complete = profile.json();
        assertThat(complete.path("placeholder").asBoolean()).isFalse();
        assertThat(complete.path("title").asString()).isEqualTo("VP Marketing");
        assertThat(complete.path("activities").get(0).path("total").asInt()).isEqualTo(1);
        assertThat(complete.path("explanation").toString()).contains("Visited pricing page");
        assertThat(complete.path("id").asString())
                .isEqualTo(placeholder.path("id").asString());
    }
}
