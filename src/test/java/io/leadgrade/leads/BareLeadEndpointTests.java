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

/** The benchmark baselines exist only when asked for: storing a lead without grading it, re-grading without grading. */
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

    @Test
    void theBareRegradeWritesEveryLeadWithItsStoredGradingAndAHistoryEntry() throws Exception {
        Http http = new Http(port);
        String id = "bare-regrade-" + UUID.randomUUID();
        http.post("/api/leads", "{\"externalId\":\"" + id + "\",\"title\":\"Student\"}");
        String grade = http.get("/api/leads/" + id).json().get("grade").asString();
        int before = http.get("/api/leads/" + id + "/history").json().size();

        Http.Response started = http.post("/api/bench/regrade", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String job = started.json().get("id").asString();
        String status = "RUNNING";
        for (int i = 0; i < 300 && status.equals("RUNNING"); i++) {
            Thread.sleep(100);
            status = http.get("/api/jobs/" + job).json().get("status").asString();
        }

        assertThat(status).isEqualTo("COMPLETED");
        var history = http.get("/api/leads/" + id + "/history").json();
        assertThat(history).as("written as if the rules had changed it").hasSize(before + 1);
        assertThat(history.get(before).get("reason").asString()).isEqualTo("RULE_CHANGE");
        assertThat(history.get(before).get("grade").asString())
                .as("with the grading it had: nothing graded")
                .isEqualTo(grade);
        assertThat(http.get("/api/leads/" + id).json().get("grade").asString()).isEqualTo(grade);
    }
}
