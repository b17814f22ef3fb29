package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The embedded store closes itself under the running application, as H2 does when a commit fails (a full disk, an I/O
 * error): requests answer 503 with a problem that says nothing was stored, not 500, and health turns DOWN, so an
 * operator or an orchestrator restarts the service. Before, every request was a 500 and health stayed UP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class StoreClosedIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedMongoServer store;

    @Test
    void a_store_that_closed_itself_answers_503_and_turns_health_down() {
        Http http = new Http(port);
        assertThat(http.post("/api/leads", lead("before")).status()).isEqualTo(200);

        store.backend().mvStore().closeImmediately(); // what H2 does to a store whose commit failed

        Http.Response write = http.post("/api/leads", lead("after"));
        assertThat(write.status()).as(write.body()).isEqualTo(503);
        assertThat(write.contentType()).contains("application/problem+json");
        assertThat(write.json().path("detail").asString()).contains("nothing was stored");
        Http.Response read = http.get("/api/leads/before");
        assertThat(read.status()).as(read.body()).isEqualTo(503);
        Http.Response health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
    }

    private static String lead(String externalId) {
        return "{\"externalId\":\"" + externalId + "\",\"title\":\"CEO\",\"companySize\":300,\"country\":\"US\"}";
    }
}
