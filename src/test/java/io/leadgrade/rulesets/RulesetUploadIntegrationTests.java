package io.leadgrade.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import io.leadgrade.support.RulesFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/** Rulesets uploaded by people who do not edit the server's folder: checked, then activated only if they pass. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class RulesetUploadIntegrationTests {

    @LocalServerPort
    int port;

    Http http;
    Map<String, byte[]> defaultRules;

    @BeforeEach
    void readDefaultRules() throws IOException {
        http = new Http(port);
        defaultRules = new LinkedHashMap<>();
        Path root = Path.of("rules");
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                defaultRules.put(root.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
    }

    @Test
    void validateReportsWarningsWithoutActivating() {
        String active = activeVersion();
        Map<String, byte[]> candidate = new LinkedHashMap<>(defaultRules);
        candidate.put("partner.drl", RulesFolders.PARTNER_RULE.getBytes(StandardCharsets.UTF_8));

        Http.Response response = http.postBytes("/api/rulesets/validate", "application/zip", zip("rules/", candidate));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode result = response.json();
        assertThat(result.get("status").asString()).isEqualTo("VALID");
        assertThat(result.get("testsRun").asInt()).isGreaterThanOrEqualTo(16);
        assertThat(result.get("warnings").get(0).get("file").asString()).isEqualTo("partner.drl");
        assertThat(result.get("warnings").get(0).get("message").asString()).contains("never fires");
        assertThat(activeVersion()).isEqualTo(active);
    }

    @Test
    void uploadedRulesThatCallSystemExitAreRejectedByLine() {
        Map<String, byte[]> candidate = new LinkedHashMap<>(defaultRules);
        candidate.put("exit.drl", """
                package leadgrade.rules;
                rule "Exit"
                when
                then
                    System.exit( 0 );
                end
                """.getBytes(StandardCharsets.UTF_8));

        Http.Response response = http.postBytes("/api/rulesets/validate", "application/zip", zip("", candidate));

        assertThat(response.status()).isEqualTo(422);
        JsonNode problem = response.json().get("problems").get(0);
        assertThat(problem.get("file").asString()).isEqualTo("exit.drl");
        assertThat(problem.get("line").asInt()).isEqualTo(5);
        assertThat(problem.get("message").asString()).contains("System");
    }

    @Test
    void uploadActivatesAndStoresTheVersion() {
        Map<String, byte[]> candidate = new LinkedHashMap<>(defaultRules);
        candidate.put("partner.drl", RulesFolders.PARTNER_RULE.getBytes(StandardCharsets.UTF_8));

        Http.Response response = http.postMultipart("/api/rulesets", candidate);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String version = response.json().get("version").asString();
        assertThat(response.json().get("status").asString()).isEqualTo("ACTIVATED");
        assertThat(response.json().get("testsRun").asInt())
                .as("tests/ kept its folder")
                .isGreaterThanOrEqualTo(16);
        assertThat(activeVersion()).isEqualTo(version);
        assertThat(http.get("/api/rulesets/" + version).json().get("source").asString())
                .isEqualTo("upload");
        String partnerLead = Http.json(Map.of("title", "VP Marketing", "attributes", Map.of("partner", "yes")));
        assertThat(http.post("/api/grade", partnerLead).json().get("fitScore").asInt())
                .isEqualTo(30 + 15 + 5);
    }

    @Test
    void pathTraversalIsRejectedNamingTheEntry() {
        Http.Response response = http.postBytes(
                "/api/rulesets/validate", "application/zip", zip("", Map.of("../evil.drl", new byte[] {'x'})));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("entry").asString()).isEqualTo("../evil.drl");
    }

    @Test
    void zipBombIsRefusedWhileReading() {
        byte[] zeros = new byte[3 * 1024 * 1024];
        byte[] bomb = zip("", Map.of("fit.drl", zeros));
        assertThat(bomb.length).isLessThan(64 * 1024);

        Http.Response response = http.postBytes("/api/rulesets/validate", "application/zip", bomb);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("entry").asString()).isEqualTo("fit.drl");
        assertThat(response.json().get("detail").asString()).contains("2097152 bytes a file");
    }

    @Test
    void tooManyFilesAreRefused() {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= 500; i++) {
            many.put("tests/case-" + i + ".yml", new byte[] {'#'});
        }

        assertThat(http.postBytes("/api/rulesets/validate", "application/zip", zip("", many))
                        .status())
                .isEqualTo(413);
    }

    @Test
    void somethingThatIsNotAZipIsRejected() {
        Http.Response response = http.postBytes(
                "/api/rulesets/validate", "application/zip", "not a zip".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("problems").get(0).get("message").asString())
                .contains("no rule files");
    }

    private String activeVersion() {
        return http.get("/api/rulesets/active").json().get("version").asString();
    }

    private static byte[] zip(String folder, Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(folder + file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
