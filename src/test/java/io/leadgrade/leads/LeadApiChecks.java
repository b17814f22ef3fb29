package io.leadgrade.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import io.leadgrade.support.Http.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The lead API over a real HTTP connection and a real MongoDB connection. Subclasses choose the server: the
 * embedded one here, a MongoDB container where Docker exists.
 */
abstract class LeadApiChecks {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    Http http;
    String externalId;

    @BeforeEach
    void connect() {
        http = new Http(port);
        externalId = "crm-" + UUID.randomUUID();
    }

    @Test
    void createsLeadAndAnswersItsGradeWithExplanation() {
        Response response = http.post("/api/leads", Http.json(vpMarketing(externalId)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode lead = response.json();
        assertThat(lead.get("externalId").asString()).isEqualTo(externalId);
        assertThat(lead.get("grade").asString()).isEqualTo("A1");
        assertThat(lead.get("fit").asString()).isEqualTo("A");
        assertThat(lead.get("engagement").asInt()).isEqualTo(1);
        assertThat(lead.get("fitScore").asInt()).isEqualTo(90);
        assertThat(lead.get("engagementScore").asInt()).isEqualTo(65);
        assertThat(lead.get("tier").asString()).isEqualTo("HIGH");
        assertThat(lead.get("mql").asBoolean()).isTrue();
        assertThat(lead.get("rulesetVersion").asString()).matches("[0-9a-f]{12}");
        assertThat(lead.get("explanation").get(0).get("rule").asString()).isEqualTo("Executive title");
        assertThat(lead.get("explanation").get(0).get("dimension").asString()).isEqualTo("FIT");
        assertThat(lead.get("explanation").get(0).get("points").asInt()).isEqualTo(30);
        assertThat(lead.get("models").get(0).get("model").asString()).isEqualTo("default");
    }

    @Test
    void readsLeadByIdAndByExternalId() {
        String id = http.post("/api/leads", Http.json(vpMarketing(externalId)))
                .json()
                .get("id")
                .asString();

        Response byId = http.get("/api/leads/" + id);
        Response byExternalId = http.get("/api/leads/" + externalId);

        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("externalId").asString()).isEqualTo(externalId);
        assertThat(byExternalId.json().get("id").asString()).isEqualTo(id);
        assertThat(byExternalId.json().get("grade").asString()).isEqualTo("A1");
    }

    @Test
    void sameBodyTwiceStoresOneLeadAndOneGrading() {
        String first = http.post("/api/leads", Http.json(vpMarketing(externalId)))
                .json()
                .get("id")
                .asString();
        String second = http.post("/api/leads", Http.json(vpMarketing(externalId)))
                .json()
                .get("id")
                .asString();

        assertThat(second).isEqualTo(first);
        assertThat(mongo.getCollection("leads").countDocuments(new org.bson.Document("externalId", externalId)))
                .isEqualTo(1);
        assertThat(http.get("/api/leads/" + first + "/history").json()).hasSize(1);
    }

    @Test
    void updateKeepsFieldsNotSentRegradesAndRecordsHistory() {
        Map<String, Object> quiet = vpMarketing(externalId);
        quiet.remove("engagementCounts");
        assertThat(http.post("/api/leads", Http.json(quiet)).json().get("grade").asString())
                .isEqualTo("A4");

        Map<String, Object> engaged = new LinkedHashMap<>();
        engaged.put("externalId", externalId);
        engaged.put("engagementCounts", Map.of("pricingPageVisits", 1, "formSubmissions", 1, "webVisits", 5));
        JsonNode updated = http.post("/api/leads", Http.json(engaged)).json();

        assertThat(updated.get("title").asString()).isEqualTo("VP Marketing");
        assertThat(updated.get("grade").asString()).isEqualTo("A1");
        JsonNode history = http.get("/api/leads/" + externalId + "/history").json();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("reason").asString()).isEqualTo("NEW_LEAD");
        assertThat(history.get(0).get("grade").asString()).isEqualTo("A4");
        assertThat(history.get(1).get("reason").asString()).isEqualTo("DATA_UPDATE");
        assertThat(history.get(1).get("previousGrade").asString()).isEqualTo("A4");
        assertThat(history.get(1).get("grade").asString()).isEqualTo("A1");
        assertThat(history.get(1).get("input").get("title").asString()).isEqualTo("VP Marketing");
    }

    @Test
    void gradeEndpointGradesWithoutStoring() {
        Response graded = http.post("/api/grade", Http.json(vpMarketing(externalId)));

        assertThat(graded.status()).isEqualTo(200);
        assertThat(graded.json().get("grade").asString()).isEqualTo("A1");
        assertThat(graded.json().get("explanation")).isNotEmpty();
        assertThat(http.get("/api/leads/" + externalId).status()).isEqualTo(404);
    }

    @Test
    void listsLeadsFilteredByGradeMqlAndSource() {
        String source = "webinar-" + UUID.randomUUID();
        Map<String, Object> hot = vpMarketing(externalId);
        hot.put("source", source);
        Map<String, Object> cold = vpMarketing(externalId + "-cold");
        cold.put("source", source);
        cold.put("title", "Student");
        cold.remove("engagementCounts");
        http.post("/api/leads", Http.json(hot));
        http.post("/api/leads", Http.json(cold));

        JsonNode all = http.get("/api/leads?source=" + source).json();
        JsonNode mqls = http.get("/api/leads?source=" + source + "&mql=true").json();
        JsonNode d4 =
                http.get("/api/leads?source=" + source + "&grade=D4&size=1").json();

        assertThat(all.get("content")).hasSize(2);
        assertThat(all.get("hasNext").asBoolean()).isFalse();
        assertThat(all.get("totalElements").isNull())
                .as("a filtered page says whether another follows, not how many match")
                .isTrue();
        assertThat(mqls.get("content")).hasSize(1);
        assertThat(mqls.get("content").get(0).get("externalId").asString()).isEqualTo(externalId);
        assertThat(d4.get("content")).hasSize(1);
        assertThat(d4.get("hasNext").asBoolean()).as("size=1 of one D4").isFalse();
        assertThat(http.get("/api/leads?source=" + source + "&size=1")
                        .json()
                        .get("hasNext")
                        .asBoolean())
                .as("size=1 of two")
                .isTrue();
        assertThat(d4.get("content").get(0).get("externalId").asString()).isEqualTo(externalId + "-cold");
    }

    @Test
    void searchesByPartOfEmailNameCompanyOrIdInAnyCaseAndByDisposition() {
        String company = "Searchable " + UUID.randomUUID();
        Map<String, Object> lead = vpMarketing(externalId);
        lead.put("company", company);
        lead.put("email", "grace.hopper." + externalId.substring(4, 12) + "@example.com");
        lead.put("lastName", "Hopper");
        String id = http.post("/api/leads", Http.json(lead)).json().get("id").asString();
        http.post("/api/leads", Http.json(vpMarketing(externalId + "-other")));

        JsonNode byCompany = http.get(
                        "/api/leads?q=" + company.substring(11, 30).toUpperCase(java.util.Locale.ROOT))
                .json();
        JsonNode byEmail = http.get("/api/leads?q=grace.hopper." + externalId.substring(4, 12))
                .json();
        JsonNode byId = http.get("/api/leads?q=" + externalId.substring(4)).json();
        JsonNode regexIsText = http.get("/api/leads?q=.*").json();

        assertThat(byCompany.get("content")).hasSize(1);
        assertThat(byCompany.get("content").get(0).get("id").asString()).isEqualTo(id);
        assertThat(byEmail.get("content")).hasSize(1);
        assertThat(byId.get("content")).as("the lead and its -other twin").hasSize(2);
        assertThat(regexIsText.get("content"))
                .as("the text is searched as typed")
                .isEmpty();
        assertThat(byCompany.get("content").get(0).get("disposition").isNull()).isTrue();

        JsonNode none = http.get("/api/leads?q=" + externalId.substring(4) + "&disposition=SQO")
                .json();
        assertThat(none.get("content")).isEmpty();
        assertProblem(http.get("/api/leads?q=" + "x".repeat(201)), 400, "q", "size must be between 0 and 200");

        // A day on each side, so a run across midnight still finds them.
        String yesterday =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
        String later =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString();
        assertThat(http.get("/api/leads?q=" + externalId.substring(4) + "&from=" + yesterday + "&to=" + later)
                        .json()
                        .get("content"))
                .as("created in the range")
                .hasSize(2);
        assertThat(http.get("/api/leads?q=" + externalId.substring(4) + "&from=" + later)
                        .json()
                        .get("content"))
                .isEmpty();
        assertProblem(http.get("/api/leads?from=" + later + "&to=" + yesterday), 400, "to", "must be after from");
    }

    @Test
    void searchFindsTheBeginningOfAnyWordWhateverTheCaseAndAccents() {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> lead = vpMarketing(externalId);
        lead.put("lastName", "Ångström");
        lead.put("company", "Zürich Analytics " + tag);
        lead.put("title", "Directeur Général");
        String id = http.post("/api/leads", Http.json(lead)).json().get("id").asString();

        assertThat(ids("/api/leads?q=angstr%20" + tag))
                .as("accents folded, a word's beginning")
                .containsExactly(id);
        assertThat(ids("/api/leads?q=ZURICH%20" + tag)).as("any case").containsExactly(id);
        assertThat(ids("/api/leads?q=g%C3%A9n%C3%A9ral%20" + tag))
                .as("the title")
                .containsExactly(id);
        assertThat(ids("/api/leads?q=" + tag + "%20nobody"))
                .as("every word must match")
                .isEmpty();
        assertThat(ids("/api/leads?q=ngstrom%20" + tag))
                .as("not the middle of a word")
                .isEmpty();

        JsonNode unfiltered = http.get("/api/leads?size=1").json();
        assertThat(unfiltered.get("totalElements").asLong())
                .as("the unfiltered list counts from the collection")
                .isPositive();
        assertThat(unfiltered.get("totalPages").asLong())
                .isEqualTo(unfiltered.get("totalElements").asLong());
    }

    private List<String> ids(String path) {
        List<String> ids = new java.util.ArrayList<>();
        http.get(path)
                .json()
                .get("content")
                .forEach(lead -> ids.add(lead.get("id").asString()));
        return ids;
    }

    @Test
    void unknownLeadIsNotFoundProblem() {
        Response response = http.get("/api/leads/nobody-" + externalId);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("nobody-" + externalId);
    }

    @Test
    void missingExternalIdIsRejectedNamingTheField() {
        Map<String, Object> body = vpMarketing(externalId);
        body.remove("externalId");

        Response response = http.post("/api/leads", Http.json(body));

        assertProblem(response, 400, "externalId", "must not be blank");
    }

    @Test
    void wrongTypeIsRejectedNamingTheFieldAndTheAllowedType() {
        Map<String, Object> body = vpMarketing(externalId);
        body.put("companySize", "many");

        assertProblem(http.post("/api/leads", Http.json(body)), 400, "companySize", "whole number");
    }

    @Test
    void nestedFieldErrorsNameTheFullPath() {
        Map<String, Object> body = vpMarketing(externalId);
        body.put("engagementCounts", Map.of("emailClicks", -1));

        assertProblem(
                http.post("/api/leads", Http.json(body)),
                400,
                "engagementCounts.emailClicks",
                "greater than or equal to 0");
    }

    @Test
    void unknownFieldIsRejectedListingTheAllowedOnes() {
        Map<String, Object> body = vpMarketing(externalId);
        body.put("jobTitle", "CEO");

        assertProblem(http.post("/api/leads", Http.json(body)), 400, "jobTitle", "title");
    }

    @Test
    void oversizedStringIsRejected() {
        Map<String, Object> body = vpMarketing(externalId);
        body.put("title", "x".repeat(301));

        assertProblem(http.post("/api/leads", Http.json(body)), 400, "title", "size must be between 0 and 300");
    }

    @Test
    void invalidEmailIsRejected() {
        Map<String, Object> body = vpMarketing(externalId);
        body.put("email", "not an email");

        assertProblem(http.post("/api/leads", Http.json(body)), 400, "email", "email");
    }

    @Test
    void malformedJsonIsRejectedWithItsPosition() {
        Response response = http.post("/api/leads", "{\"externalId\": \"" + externalId + "\", \"title\": }");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("title").asString()).isEqualTo("Malformed JSON");
        assertThat(response.json().get("column").asInt()).isPositive();
        assertThat(response.body()).doesNotContain("at tools.jackson", "Exception");
    }

    @Test
    void unknownEnumValueInFilterListsTheAllowedValues() {
        assertProblem(http.get("/api/leads?tier=PLATINUM"), 400, "tier", "[HIGH, MEDIUM, LOW, BELOW_MQL]");
    }

    @Test
    void invalidGradeFilterIsRejected() {
        assertProblem(http.get("/api/leads?grade=E9"), 400, "grade", "A1..D4");
    }

    @Test
    void bodyOverTheLimitIsRejectedWith413() {
        String huge = "{\"externalId\":\"" + externalId + "\",\"title\":\"" + "x".repeat(1_100_000) + "\"}";

        Response response = http.post("/api/leads", huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("maxBytes").asLong()).isEqualTo(1_048_576);
    }

    @Test
    void rejectedRequestsStoreNothing() {
        Map<String, Object> body = vpMarketing(externalId);
        body.put("companySize", -5);
        http.post("/api/leads", Http.json(body));
        body.put("companySize", "many");
        http.post("/api/leads", Http.json(body));

        assertThat(mongo.getCollection("leads").countDocuments(new org.bson.Document("externalId", externalId)))
                .isZero();
        assertThat(mongo.getCollection("gradings").countDocuments(new org.bson.Document("externalId", externalId)))
                .isZero();
    }

    @Test
    void healthIsUpAndNamesTheActiveRuleset() {
        String version = http.post("/api/grade", Http.json(vpMarketing(externalId)))
                .json()
                .get("rulesetVersion")
                .asString();

        JsonNode health = http.get("/actuator/health").json();

        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("mongo").get("status").asString())
                .isEqualTo("UP");
        assertThat(health.get("components")
                        .get("rules")
                        .get("details")
                        .get("version")
                        .asString())
                .isEqualTo(version);
    }

    @Test
    void metricsCountGradingsByGradeAndTier() {
        http.post("/api/grade", Http.json(vpMarketing(externalId)));

        Response metric = http.get("/actuator/metrics/leadgrade.gradings?tag=grade:A1&tag=tier:HIGH");
        Response latency = http.get("/actuator/metrics/leadgrade.grading.latency");

        assertThat(metric.status()).isEqualTo(200);
        assertThat(metric.json().get("measurements").get(0).get("value").asDouble())
                .isGreaterThanOrEqualTo(1);
        assertThat(latency.json().get("measurements").get(0).get("value").asDouble())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void benchmarkBaselineIsOffByDefault() {
        assertThat(http.post("/api/bench/leads", Http.json(vpMarketing(externalId)))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void openApiDescribesTheLeadEndpoints() {
        JsonNode api = http.get("/v3/api-docs").json();

        assertThat(api.get("paths").propertyNames())
                .contains("/api/leads", "/api/leads/{id}", "/api/leads/{id}/history", "/api/grade");
    }

    private static void assertProblem(Response response, int status, String field, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.body()).isNotNull();
        List<JsonNode> matching = errors.valueStream()
                .filter(error -> field.equals(error.get("field").asString()))
                .toList();
        assertThat(matching).as(response.body()).isNotEmpty();
        assertThat(matching.get(0).get("message").asString()).contains(messagePart);
    }

    static Map<String, Object> vpMarketing(String externalId) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("externalId", externalId);
        lead.put("email", "ann.lee@acme-software.com");
        lead.put("firstName", "Ann");
        lead.put("lastName", "Lee");
        lead.put("title", "VP Marketing");
        lead.put("company", "Acme Software");
        lead.put("companySize", 500);
        lead.put("industry", "Software");
        lead.put("country", "US");
        lead.put("productLine", "core");
        lead.put("source", "web");
        lead.put(
                "engagementCounts",
                Map.of("emailClicks", 2, "webVisits", 6, "pricingPageVisits", 1, "formSubmissions", 1));
        return lead;
    }
}
