package io.leadgrade.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The benchmark baseline exists only when asked for, and then stores a lead without grading it. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.bench.enabled=true")
class BareLeadEndpointTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void storesTheLeadWithTheFixedGradingWhateverItsData() {
        Http http = new Http(port);
        String id = "bare-" + UUID.randomUUID();

        Http.Response stored = http.post("/api/bench/leads", "{\"externalId\":\"" + id + "\",\"title\":\"Student\"}");

        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().get("grade").asString())
                .as("not graded by the rules")
                .isEqualTo("A1");
        assertThat(http.get("/api/leads/" + id).json().get("title").asString()).isEqualTo("Student");
        assertThat(context.getBeansOfType(BareLeadEndpoint.class)).hasSize(1);
    }
}
