package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The store goes away under the running application and comes back: writes meanwhile answer 503 with Retry-After
 * and store nothing, health turns DOWN, and once the store is back the service works again without a restart,
 * with everything acknowledged before the outage still there.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class StoreOutageIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedMongoServer store;

    @Test
    void writes_answer_503_while_the_store_is_down_and_the_service_recovers_when_it_returns() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/api/leads", lead("before")).status()).isEqualTo(200);
        assertThat(http.get("/actuator/health").json().path("status").asString())
                .isEqualTo("UP");

        store.close();
        try {
            Http.Response during = http.post("/api/leads", lead("during"));
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.header("Retry-After")).isEqualTo("5");
            assertThat(during.contentType()).contains("application/problem+json");
            assertThat(during.json().path("detail").asString()).contains("nothing was stored");
            Http.Response health = http.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
        } finally {
            store.start();
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Http.Response after = http.post("/api/leads", lead("after"));
        while (after.status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            after = http.post("/api/leads", lead("after"));
        }
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(http.get("/actuator/health").json().path("status").asString())
                .isEqualTo("UP");
        assertThat(http.get("/api/leads/before").status()).isEqualTo(200);
        assertThat(http.get("/api/leads/during").status()).isEqualTo(404);
        assertThat(http.get("/api/leads/after").json().path("grade").asString()).isNotBlank();
    }

    private static String lead(String externalId) {
        return "{\"externalId\":\"" + externalId + "\",\"title\":\"CEO\",\"companySize\":300,\"country\":\"US\"}";
    }
}
