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
    void changedFilesOnTopOfTheActiveVersionAreCheckedAsTheWholeRuleset() {
        String active = activeVersion();
        String fit = new String(defaultRules.get("fit.drl"), StandardCharsets.UTF_8);
        byte[] students =
                fit.replace("addFit( drools, -40 )", "addFit( drools, -50 )").getBytes(StandardCharsets.UTF_8);

        Http.Response checked = http.postMultipart("/api/rulesets/validate?base=active", Map.of("fit.drl", students));

        assertThat(checked.status()).as(checked.body()).isEqualTo(200);
        Map<String, byte[]> whole = new LinkedHashMap<>(defaultRules);
        whole.put("fit.drl", students);
        assertThat(checked.json().get("version").asString())
                .as("the candidate is the active files with fit.drl replaced")
                .isEqualTo(new io.leadgrade.grading.RulesetFiles(whole).version());
        assertThat(checked.json().get("testsRun").asInt()).isGreaterThanOrEqualTo(16);

        int manager = fit.indexOf("rule \"Manager title\"");
        byte[] managers = (fit.substring(0, manager)
                        + fit.substring(manager).replaceFirst("addFit\\( drools, 15 \\)", "addFit( drools, -15 )"))
                .getBytes(StandardCharsets.UTF_8);
        Http.Response rejected =
                http.postMultipart("/api/rulesets/validate?base=" + active, Map.of("fit.drl", managers));
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.json().get("failedTests").get(0).get("file").asString())
                .isEqualTo("tests/default.yml");

        Http.Response zipOnTop = http.postMultipart(
                "/api/rulesets/validate?base=active", Map.of("rules.zip", zip("rules/", defaultRules)));
        assertThat(zipOnTop.status()).isEqualTo(400);
        assertThat(zipOnTop.json().get("detail").asString()).contains("A zip is a whole ruleset");

        Http.Response unknown =
                http.postMultipart("/api/rulesets/validate?base=0123456789ab", Map.of("fit.drl", students));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(activeVersion()).isEqualTo(active);

        Http.Response activated = http.postMultipart("/api/rulesets?base=active", Map.of("fit.drl", students));
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        assertThat(activeVersion()).isEqualTo(checked.json().get("version").asString());
    }

    @Test
    void aChangeOfPointsGetsItsOwnResultsAsExpectedValuesToReviewAndThenPassesItsChecks() {
        String active = activeVersion();
        String fit = new String(defaultRules.get("fit.drl"), StandardCharsets.UTF_8);
        int manager = fit.indexOf("rule \"Manager title\"");
        byte[] managers = (fit.substring(0, manager)
                        + fit.substring(manager).replaceFirst("addFit\\( drools, 15 \\)", "addFit( drools, -15 )"))
                .getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> change = new LinkedHashMap<>();
        change.put("fit.drl", managers);
        change.put("partner.drl", RulesFolders.PARTNER_RULE.getBytes(StandardCharsets.UTF_8));

        // Its tests fail, and the static warnings are shown all the same.
        Http.Response failing = http.postMultipart("/api/rulesets/validate?base=active", change);
        assertThat(failing.status()).isEqualTo(422);
        assertThat(failing.json().get("failedTests").size()).isPositive();
        assertThat(failing.json().get("warnings").toString()).contains("partner.drl");

        Http.Response accepted = http.postMultipart("/api/rulesets/accept-results?base=active", change);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        JsonNode answer = accepted.json();
        assertThat(answer.get("before").get("failedTests").size()).isPositive();
        assertThat(answer.get("after").get("status").asString()).isEqualTo("VALID");
        assertThat(answer.get("after").get("failedTests").size()).isZero();
        assertThat(answer.get("accepted").size())
                .isEqualTo(answer.get("before").get("failedTests").size());
        assertThat(answer.get("accepted").get(0).asString()).startsWith("tests/default.yml: ");
        assertThat(answer.get("testFiles").propertyNames()).containsExactly("tests/default.yml");
        String before = new String(defaultRules.get("tests/default.yml"), StandardCharsets.UTF_8);
        String after = answer.get("testFiles").get("tests/default.yml").asString();
        assertThat(after).isNotEqualTo(before);
        // Only expected values changed: comments, leads and every other line are as written.
        assertThat(withoutExpectations(after)).isEqualTo(withoutExpectations(before));
        assertThat(activeVersion()).as("nothing was activated").isEqualTo(active);

        // The change with the reviewed tests passes the checks an activation runs (not activated here: the other
        // tests of this class build on the default rules).
        Map<String, byte[]> reviewed = new LinkedHashMap<>(change);
        reviewed.put("tests/default.yml", after.getBytes(StandardCharsets.UTF_8));
        Http.Response valid = http.postMultipart("/api/rulesets/validate?base=active", reviewed);
        assertThat(valid.status()).as(valid.body()).isEqualTo(200);
        assertThat(valid.json().get("version").asString())
                .isEqualTo(answer.get("version").asString());

        Http.Response broken = http.postMultipart(
                "/api/rulesets/accept-results?base=active",
                Map.of("fit.drl", "rule \"Broken\" when then nonsense(".getBytes(StandardCharsets.UTF_8)));
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.body()).contains("fit.drl");
    }

    private static String withoutExpectations(String tests) {
        return tests.lines()
                .filter(line -> !line.matches("\\s*(grade|tier|mql|fired|territory|model):.*"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void aStoredVersionIsCheckedAgainWithItsRuleTests() {
        String active = activeVersion();

        Http.Response checked = http.post("/api/rulesets/" + active + "/validate", "");

        assertThat(checked.status()).as(checked.body()).isEqualTo(200);
        assertThat(checked.json().get("status").asString()).isEqualTo("VALID");
        assertThat(checked.json().get("version").asString()).isEqualTo(active);
        assertThat(checked.json().get("testsRun").asInt()).isGreaterThanOrEqualTo(16);
        assertThat(checked.json().get("failedTests").size()).isZero();
        assertThat(http.post("/api/rulesets/active/validate", "")
                        .json()
                        .get("version")
                        .asString())
                .isEqualTo(active);
        assertThat(http.post("/api/rulesets/0123456789ab/validate", "").status())
                .isEqualTo(404);
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
