package io.leadgrade.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.support.Http;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README is part of the build: its curl commands run against a started application in README order and answer
 * as it says, and every field their JSON sends is one the OpenAPI description ({@code /v3/api-docs}) names, so a
 * renamed field or a changed example fails here.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReadmeIntegrationTests {

    private static final Readme README = new Readme(Path.of("README.md"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The sections whose commands a newcomer runs one after another on a new store. */
    private static final Set<String> WALKTHROUGH =
            Set.of("Grade a lead", "Record what the lead does", "Hand the lead to sales");

    @LocalServerPort
    int port;

    @Test
    void everyFieldTheReadmesCurlCommandsSendIsOneTheApiDescribes() {
        JsonNode api = new Http(port).get("/v3/api-docs").json();
        List<Readme.Curl> withBodies =
                README.curls().stream().filter(curl -> curl.body() != null).toList();
        assertThat(withBodies).as("curl commands with a JSON body").hasSizeGreaterThanOrEqualTo(8);
        for (Readme.Curl curl : withBodies) {
            JsonNode operation = operation(api, curl);
            assertThat(operation)
                    .as("%s %s is described by /v3/api-docs", curl.method(), curl.path())
                    .isNotNull();
            JsonNode schema = operation
                    .path("requestBody")
                    .path("content")
                    .path("application/json")
                    .path("schema");
            assertThat(unknownFields(api, schema, JSON.readTree(curl.body()), ""))
                    .as("fields of `%s` that %s %s does not take", curl.command(), curl.method(), curl.path())
                    .isEmpty();
        }
    }

    @Test
    void theReadmesWalkthroughRunsAsWrittenAndAnswersAsDocumented() {
        Http http = new Http(port);
        List<Readme.Curl> walkthrough = README.curls().stream()
                .filter(curl -> WALKTHROUGH.contains(curl.section()))
                // A command with a placeholder (<id>) or a file (@leads.csv) is for the reader to adapt.
                .filter(curl -> !curl.hasPlaceholder() && !curl.sendsFile())
                .toList();
        assertThat(walkthrough).hasSizeGreaterThanOrEqualTo(9);
        List<JsonNode> answers = new ArrayList<>();
        for (Readme.Curl curl : walkthrough) {
            Http.Response answer = switch (curl.method()) {
                case "GET" -> http.get(curl.path());
                case "PUT" -> http.put(curl.path(), curl.body());
                default -> http.post(curl.path(), curl.body());
            };
            assertThat(answer.status())
                    .as("`%s` answered %s", curl.command(), answer.body())
                    .isBetween(200, 299);
            answers.add(answer.body().isBlank() ? null : answer.json());
        }

        // The first command's answer, as the JSON block after it shows it (abridged with "...").
        JsonNode documented =
                JSON.readTree(README.blocks("json").get(0).text().replaceAll("(?m)^\\s*\\.\\.\\.\\s*$", ""));
        JsonNode created = answers.get(0);
        for (String field : List.of(
                "externalId", "grade", "fit", "engagement", "fitScore", "engagementScore", "tier", "mql", "model")) {
            assertThat(created.path(field)).as(field).isEqualTo(documented.path(field));
        }
        assertThat(documented.path("rulesetVersion").asString())
                .as("the README's rulesetVersion is the content hash of the shipped rules/")
                .isEqualTo(RulesetFiles.read(Path.of("rules")).version())
                .isEqualTo(created.path("rulesetVersion").asString());
        for (JsonNode line : documented.path("explanation")) {
            assertThat(created.path("explanation").valueStream().toList())
                    .as("explanation")
                    .contains(line);
        }

        // The activity example answers with the fields the README names.
        int activity = indexOf(walkthrough, "POST", "/api/leads/crm-00042/activities");
        JsonNode recorded = answers.get(activity);
        assertThat(recorded.propertyNames()).contains("recorded", "duplicates", "previousGrade", "lead");
        // As the README explains: the visit adds recency points for a week, but the lead stays A1 without them.
        assertThat(recorded.path("lead").path("engagementScore").asInt()).isEqualTo(95);
        assertThat(recorded.path("lead").path("explanation").toString())
                .contains("Visited pricing page in the last 7 days");
        assertThat(recorded.path("lead").has("nextReviewAt")).isTrue();
        assertThat(recorded.path("lead").path("nextReviewAt").isNull())
                .as(recorded.toString())
                .isTrue();

        // The handoff example routes the new lead to Ann, with its SLA.
        JsonNode handoffs = answers.get(indexOf(walkthrough, "GET", "/api/leads/crm-00043/handoffs"));
        assertThat(handoffs.get(0).path("territory").asString()).isEqualTo("na");
        assertThat(handoffs.get(0).path("repId").asString()).isEqualTo("ann");
        assertThat(handoffs.get(0).has("dueAt")).isTrue();
    }

    @Test
    void theReadmesImportMappingIsStoredOnceTheLookupItJoinsIsSentAsTheReadmeSaysFirst() {
        Http http = new Http(port);
        String mapping = README.blocks("yaml").stream()
                .filter(block -> block.section().equals("Import leads from a file"))
                .findFirst()
                .orElseThrow()
                .text();
        Http.Response early = http.putBytes("/api/imports/mappings/readme-crm", "application/yaml", mapping);
        assertThat(early.status()).as(early.body()).isEqualTo(400);
        assertThat(early.body()).contains("mapping.lookups.accounts");

        Http.Response lookup = http.putBytes(
                "/api/imports/lookups/accounts?key=account", "text/csv", "account,sector\nAcme,software\n");
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        Http.Response stored = http.putBytes("/api/imports/mappings/readme-crm", "application/yaml", mapping);
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    }

    private static int indexOf(List<Readme.Curl> curls, String method, String path) {
        for (int i = 0; i < curls.size(); i++) {
            if (curls.get(i).method().equals(method) && curls.get(i).path().equals(path)) {
                return i;
            }
        }
        throw new AssertionError("the README has no " + method + " " + path);
    }

    /** The operation of the path template that matches the command's path ({id} matches any segment). */
    private static JsonNode operation(JsonNode api, Readme.Curl curl) {
        String[] segments = curl.path().replaceFirst("\\?.*", "").split("/");
        for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
            String[] template = path.getKey().split("/");
            boolean matches = template.length == segments.length;
            for (int i = 0; matches && i < template.length; i++) {
                matches = template[i].startsWith("{") || template[i].equals(segments[i]);
            }
            JsonNode operation = path.getValue().path(curl.method().toLowerCase());
            if (matches && !operation.isMissingNode()) {
                return operation;
            }
        }
        return null;
    }

    /** Fields of {@code body} the schema does not name, with their path; maps and untyped bodies take any. */
    private static Set<String> unknownFields(JsonNode api, JsonNode schema, JsonNode body, String prefix) {
        Set<String> unknown = new TreeSet<>();
        JsonNode resolved = resolve(api, schema);
        if (!body.isObject() || !resolved.has("properties")) {
            return unknown;
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode property = resolved.path("properties").path(field.getKey());
            if (property.isMissingNode()) {
                unknown.add(prefix + field.getKey());
            } else {
                unknown.addAll(unknownFields(api, property, field.getValue(), prefix + field.getKey() + "."));
            }
        }
        return unknown;
    }

    private static JsonNode resolve(JsonNode api, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return api.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }
}
