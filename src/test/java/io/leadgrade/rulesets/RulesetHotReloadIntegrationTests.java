package io.leadgrade.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadgrade.support.Http;
import io.leadgrade.support.RulesFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Editing the rules folder of a running application: good edits go live, bad ones never do. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RulesetHotReloadIntegrationTests {

    @TempDir
    static Path rules;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void rulesFolder(DynamicPropertyRegistry registry) {
        RulesFolders.copyDefaultRules(rules);
        registry.add("leadgrade.rules.path", rules::toString);
    }

    @Test
    void editsGoLiveWithoutRestartAndBrokenEditsAreRejectedWithFileAndLine() throws Exception {
        Http http = new Http(port);
        String partnerLead = Http.json(Map.of("title", "VP Marketing", "attributes", Map.of("partner", "yes")));
        String original = http.get("/api/rulesets/active").json().get("version").asString();

        Files.writeString(rules.resolve("partner.drl"), RulesFolders.PARTNER_RULE);
        // That the edit goes live is the behaviour; how fast is a figure of ReloadBenchmark (docs/benchmarks.md).
        JsonNode graded = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> http.post("/api/grade", partnerLead).json(),
                        answer -> !answer.get("rulesetVersion").asString().equals(original));

        assertThat(graded.get("explanation")
                        .valueStream()
                        .map(c -> c.get("rule").asString()))
                .contains("Partner referral");
        String edited = graded.get("rulesetVersion").asString();

        RulesFolders.replaceIn(rules.resolve("partner.drl"), "addFit( drools, 5 );", "addFit( drools, 5 ;");
        Http.Response rejected = http.post("/api/rulesets/reload", "");

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.contentType()).startsWith("application/problem+json");
        JsonNode problem = rejected.json().get("problems").get(0);
        assertThat(problem.get("file").asString()).isEqualTo("partner.drl");
        assertThat(problem.get("line").asInt()).isPositive();
        assertThat(rejected.json().get("activeVersion").asString()).isEqualTo(edited);
        assertThat(http.post("/api/grade", partnerLead)
                        .json()
                        .get("rulesetVersion")
                        .asString())
                .isEqualTo(edited);
        assertThat(http.get("/api/rulesets/active")
                        .json()
                        .get("lastRejection")
                        .get("status")
                        .asString())
                .isEqualTo("REJECTED");
    }
}
