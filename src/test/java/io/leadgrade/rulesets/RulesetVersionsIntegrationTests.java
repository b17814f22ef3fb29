package io.leadgrade.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadgrade.LeadGradeApplication;
import io.leadgrade.store.EmbeddedMongoServer;
import io.leadgrade.support.Http;
import io.leadgrade.support.RulesFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Every activated ruleset is stored with its diff; any stored version can be activated again, on every instance. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class RulesetVersionsIntegrationTests {

    private static final String PARTNER_LEAD =
            Http.json(Map.of("title", "VP Marketing", "attributes", Map.of("partner", "yes")));

    @TempDir
    static Path rules;

    @TempDir
    Path secondRules;

    @LocalServerPort
    int port;

    @Autowired
    ObjectProvider<EmbeddedMongoServer> store;

    /** Where a second instance connects: the store this context runs on (the MongoDB twin names its container). */
    String storeUri() {
        return store.getObject().connectionString("leadgrade");
    }

    @DynamicPropertySource
    static void rulesFolder(DynamicPropertyRegistry registry) {
        RulesFolders.copyDefaultRules(rules);
        registry.add("leadgrade.rules.path", rules::toString);
    }

    @Test
    void storesVersionsWithDiffsRollsBackAndOtherInstancesFollow() throws Exception {
        Http http = new Http(port);
        JsonNode initial = http.get("/api/rulesets").json();
        assertThat(initial).hasSize(1);
        String first = initial.get(0).get("version").asString();
        assertThat(initial.get(0).get("active").asBoolean()).isTrue();
        assertThat(initial.get(0).get("source").asString()).isEqualTo("rules folder");
        assertThat(initial.get(0).get("by").asString()).isEqualTo("system");

        Files.writeString(rules.resolve("partner.drl"), RulesFolders.PARTNER_RULE);
        String second =
                http.post("/api/rulesets/reload", "").json().get("version").asString();

        JsonNode listed = http.get("/api/rulesets").json();
        assertThat(listed).hasSize(2);
        JsonNode newest = listed.get(0);
        assertThat(newest.get("version").asString()).isEqualTo(second);
        assertThat(newest.get("previousVersion").asString()).isEqualTo(first);
        assertThat(newest.get("by").asString()).as("the key that asked").isEqualTo("key:000000000000 (initial admin)");
        assertThat(newest.get("changes").get("filesAdded").get(0).asString()).isEqualTo("partner.drl");
        assertThat(newest.get("changes").get("rulesAdded").get(0).asString()).isEqualTo("Partner referral");
        JsonNode detail = http.get("/api/rulesets/" + second).json();
        assertThat(detail.get("diff").get(0).get("path").asString()).isEqualTo("partner.drl");
        assertThat(detail.get("diff").get(0).get("diff").asString()).contains("+rule \"Partner referral\"");

        Http.Response rollback = http.post("/api/rulesets/" + first + "/activate", "");
        assertThat(rollback.status()).isEqualTo(200);
        assertThat(rollback.json().get("status").asString()).isEqualTo("ACTIVATED");
        JsonNode graded = http.post("/api/grade", PARTNER_LEAD).json();
        assertThat(graded.get("rulesetVersion").asString()).isEqualTo(first);
        assertThat(graded.get("fitScore").asInt()).isEqualTo(30 + 15);
        assertThat(http.get("/api/rulesets").json().get(1).get("active").asBoolean())
                .isTrue();

        RulesFolders.copyDefaultRules(secondRules);
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(LeadGradeApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.mongodb.uri=" + storeUri(),
                        "--leadgrade.rules.path=" + secondRules,
                        "--leadgrade.rules.watch.enabled=false",
                        "--leadgrade.rules.follow-interval=200ms")) {
            Http otherHttp = new Http(
                    ((WebServerApplicationContext) other).getWebServer().getPort());
            assertThat(otherHttp
                            .post("/api/grade", PARTNER_LEAD)
                            .json()
                            .get("rulesetVersion")
                            .asString())
                    .isEqualTo(first);

            assertThat(http.post("/api/rulesets/" + second + "/activate", "").status())
                    .isEqualTo(200);

            // Following is the behaviour; how soon is a figure of ReloadBenchmark (docs/benchmarks.md).
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(otherHttp
                                    .post("/api/grade", PARTNER_LEAD)
                                    .json()
                                    .get("rulesetVersion")
                                    .asString())
                            .isEqualTo(second));
            assertThat(otherHttp
                            .post("/api/grade", PARTNER_LEAD)
                            .json()
                            .get("fitScore")
                            .asInt())
                    .isEqualTo(30 + 15 + 5);
        }
    }

    @Test
    void unknownVersionIsNotFound() {
        Http.Response response = new Http(port).post("/api/rulesets/000000000000/activate", "");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("version").asString()).isEqualTo("000000000000");
    }
}
