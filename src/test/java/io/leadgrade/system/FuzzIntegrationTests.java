package io.leadgrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Thousands of malformed requests, generated from a seed, to every endpoint that takes a body: truncated JSON,
 * wrong types, unknown fields, deep nesting, oversized bodies, invalid UTF-8, random bytes, empty bodies, the
 * wrong top-level shape, numbers out of range. Every one must be answered 4xx with problem details, never 5xx, and
 * leave the store as it was. A failure names the seed ({@code -Dfuzz.seed=...} replays it) and the request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class FuzzIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("fuzz.seed", 20261125L);
    private static final int PER_ENDPOINT = 150;

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    io.leadgrade.reports.Rollups rollups;

    record Endpoint(String method, String path, String template) {}

    record Malformed(String kind, String contentType, byte[] bytes) {}

    @Test
    void malformed_requests_get_a_4xx_problem_and_change_nothing() {
        Http http = new Http(port);
        String at = Instant.now().minusSeconds(60).toString();
        http.post("/api/territories", "{\"id\":\"na\",\"name\":\"NA\",\"regions\":[\"AMER\"]}");
        http.post("/api/reps", "{\"id\":\"ann\",\"name\":\"Ann\",\"territories\":[\"na\"],\"dailyCapacity\":5}");
        http.post(
                "/api/leads",
                "{\"externalId\":\"fuzz\",\"title\":\"VP Marketing\",\"companySize\":500,\"country\":\"US\","
                        + "\"industry\":\"Software\",\"engagementCounts\":{\"pricingPageVisits\":1,\"formSubmissions\":1,\"webVisits\":6}}");
        String handoff =
                http.get("/api/leads/fuzz/handoffs").json().get(0).path("id").asString();
        String lead = "{\"externalId\":\"fuzz-new\",\"email\":\"a@b.co\",\"title\":\"CEO\",\"companySize\":10,"
                + "\"engagementCounts\":{\"emailClicks\":1},\"attributes\":{\"a\":\"b\"}}";
        String territory =
                "{\"id\":\"fz\",\"name\":\"F\",\"countries\":[\"US\"],\"regions\":[\"AMER\"],\"segments\":[\"SMB\"],"
                        + "\"productLines\":[\"x\"]}";
        String rep = "{\"id\":\"fz\",\"name\":\"F\",\"territories\":[\"na\"],\"dailyCapacity\":3,\"maxOpenLeads\":4}";
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/leads", lead),
                new Endpoint("POST", "/api/grade", lead),
                new Endpoint(
                        "POST",
                        "/api/leads/fuzz/activities",
                        "{\"eventId\":\"f1\",\"type\":\"EMAIL_CLICK\",\"at\":\"" + at
                                + "\",\"properties\":{\"a\":\"b\"}}"),
                new Endpoint(
                        "POST",
                        "/api/activities",
                        "{\"activities\":[{\"leadExternalId\":\"fuzz\",\"eventId\":\"f2\",\"type\":\"EMAIL_CLICK\",\"at\":\""
                                + at + "\"}]}"),
                new Endpoint(
                        "PUT",
                        "/api/leads/fuzz/disposition",
                        "{\"code\":\"UNABLE_TO_CONNECT\",\"note\":\"n\",\"opportunityAmount\":5}"),
                new Endpoint("PUT", "/api/leads/fuzz/opportunity", "{\"outcome\":\"WON\",\"amount\":5,\"note\":\"n\"}"),
                new Endpoint("POST", "/api/territories", territory),
                new Endpoint("PUT", "/api/territories/na", territory),
                new Endpoint("POST", "/api/reps", rep),
                new Endpoint("PUT", "/api/reps/ann", rep),
                new Endpoint(
                        "PUT", "/api/handoffs/" + handoff + "/assignment", "{\"territory\":\"na\",\"repId\":\"ann\"}"),
                new Endpoint("POST", "/api/admin/keys", "{\"name\":\"k\",\"roles\":[\"INGEST\"]}"),
                new Endpoint(
                        "POST",
                        "/api/admin/users",
                        "{\"username\":\"u\",\"password\":\"a long password\",\"roles\":[\"SALES\"]}"),
                new Endpoint("POST", "/api/privacy/export", "{\"externalId\":\"fuzz\"}"),
                new Endpoint("POST", "/api/privacy/erase", "{\"externalId\":\"fuzz\"}"),
                new Endpoint("POST", "/api/rulesets/validate", null),
                new Endpoint("POST", "/api/rulesets", null));

        Random random = new Random(SEED);
        int sent = 0;
        for (Endpoint endpoint : endpoints) {
            Map<String, List<String>> before = snapshot();
            for (int i = 0; i < PER_ENDPOINT; i++) {
                Malformed body = endpoint.template() == null ? zip(random) : malformed(random, endpoint.template());
                Http.Response response =
                        http.send(endpoint.method(), endpoint.path(), body.contentType(), body.bytes());
                String what = "seed " + SEED + ", " + endpoint.method() + " " + endpoint.path() + ", " + body.kind()
                        + ": " + preview(body.bytes()) + " -> " + response.status() + " "
                        + preview(response.body().getBytes(StandardCharsets.UTF_8));
                assertThat(response.status()).as(what).isBetween(400, 499);
                assertThat(response.contentType()).as(what).contains("application/problem+json");
                sent++;
            }
            Map<String, List<String>> after = snapshot();
            List<String> changed = after.keySet().stream()
                    .filter(collection -> !after.get(collection).equals(before.get(collection)))
                    .map(collection -> collection + ": " + after.get(collection))
                    .toList();
            assertThat(changed)
                    .as("store unchanged by rejected requests to " + endpoint.path())
                    .isEmpty();
        }
        assertThat(sent).isGreaterThanOrEqualTo(2500);
    }

    private static Malformed malformed(Random random, String template) {
        String json = "application/json";
        return switch (random.nextInt(10)) {
            case 0 ->
                new Malformed(
                        "truncated",
                        json,
                        template.substring(0, random.nextInt(template.length() - 1))
                                .getBytes(StandardCharsets.UTF_8));
            case 1 -> new Malformed("wrong type", json, mutateLeaf(random, template, false));
            case 2 -> new Malformed("unknown field", json, withUnknownField(random, template));
            case 3 -> {
                int depth = 500 + random.nextInt(4000);
                yield new Malformed(
                        "nested " + depth,
                        json,
                        ("{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8));
            }
            case 4 ->
                new Malformed(
                        "oversized",
                        json,
                        ("{\"externalId\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8));
            case 5 -> new Malformed("invalid UTF-8", json, mutateLeaf(random, template, true));
            case 6 -> {
                byte[] bytes = new byte[1 + random.nextInt(300)];
                random.nextBytes(bytes);
                yield new Malformed("random bytes", json, bytes);
            }
            case 7 -> new Malformed("empty", json, new byte[0]);
            case 8 ->
                new Malformed(
                        "wrong shape",
                        json,
                        (random.nextBoolean() ? "[" + template + "]" : "\"" + random.nextInt() + "\"")
                                .getBytes(StandardCharsets.UTF_8));
            default -> new Malformed("number out of range", json, mutateNumber(random, template));
        };
    }

    /** A ruleset upload that is not a zip of a usable ruleset. */
    private static Malformed zip(Random random) {
        byte[] bytes = new byte[random.nextInt(2000)];
        random.nextBytes(bytes);
        if (bytes.length > 4 && random.nextBoolean()) {
            bytes[0] = 'P';
            bytes[1] = 'K';
            bytes[2] = 3;
            bytes[3] = 4;
        }
        return new Malformed("not a ruleset zip", "application/zip", bytes);
    }

    /** Replaces one leaf with a value of the wrong type, or with a string holding invalid UTF-8. */
    private static byte[] mutateLeaf(Random random, String template, boolean invalidUtf8) {
        JsonNode root = JSON.readTree(template);
        List<String[]> leaves = new ArrayList<>();
        collect(root, "", leaves);
        String[] leaf = leaves.get(random.nextInt(leaves.size()));
        if (invalidUtf8) {
            String marker = "@@BAD@@";
            byte[] bytes = replace(root, leaf[0], JSON.getNodeFactory().stringNode(marker))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            int index = new String(bytes, StandardCharsets.UTF_8).indexOf(marker);
            bytes[index] = (byte) 0xC3;
            bytes[index + 1] = (byte) 0x28;
            return bytes;
        }
        JsonNode wrong = leaf[1].equals("string")
                ? JSON.createObjectNode().put("x", 1)
                : leaf[1].equals("number")
                        ? JSON.getNodeFactory().stringNode("abc")
                        : JSON.getNodeFactory().numberNode(7);
        return replace(root, leaf[0], wrong).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutateNumber(Random random, String template) {
        JsonNode root = JSON.readTree(template);
        List<String[]> leaves = new ArrayList<>();
        collect(root, "", leaves);
        List<String[]> numbers =
                leaves.stream().filter(leaf -> leaf[1].equals("number")).toList();
        if (numbers.isEmpty()) {
            return withUnknownField(random, template);
        }
        String[] leaf = numbers.get(random.nextInt(numbers.size()));
        String huge = random.nextBoolean() ? "1e400" : "-99999999999999999999999";
        return replace(root, leaf[0], JSON.getNodeFactory().stringNode("@@NUM@@"))
                .toString()
                .replace("\"@@NUM@@\"", huge)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withUnknownField(Random random, String template) {
        ObjectNode root = (ObjectNode) JSON.readTree(template);
        root.put("unexpected" + random.nextInt(1000), "x");
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Paths of the leaves ("/a/0/b") with their kind: string, number, or other. */
    private static void collect(JsonNode node, String path, List<String[]> leaves) {
        if (node.isObject()) {
            for (var entry : node.properties()) {
                collect(entry.getValue(), path + "/" + entry.getKey(), leaves);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, leaves);
            }
        } else {
            leaves.add(new String[] {path, node.isString() ? "string" : node.isNumber() ? "number" : "other"});
        }
    }

    private static JsonNode replace(JsonNode root, String path, JsonNode value) {
        JsonNode copy = root.deepCopy();
        String[] parts = path.substring(1).split("/");
        JsonNode parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return copy;
    }

    /** Every collection's documents as JSON, sorted, except the audit log (a rejected upload is audited). */
    private Map<String, List<String>> snapshot() {
        rollups.flush(); // report increments of the set-up are written every 250 ms: not a change by a rejected request
        Map<String, List<String>> snapshot = new TreeMap<>();
        for (String collection : mongo.getCollectionNames()) {
            if (collection.equals("audit")) {
                continue;
            }
            List<String> documents = new ArrayList<>();
            for (Document document : mongo.getCollection(collection).find()) {
                documents.add(document.toJson());
            }
            documents.sort(String::compareTo);
            // A collection that appears empty (a scheduled job looked for work) holds no change.
            if (!documents.isEmpty()) {
                snapshot.put(collection, documents);
            }
        }
        return snapshot;
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?") + (bytes.length > 160 ? "... (" + bytes.length + " bytes)" : "");
    }
}
