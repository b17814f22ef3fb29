package io.leadgrade.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * A person's data can be exported and erased by external id or email, everywhere it is kept, while the anonymous
 * counts stay; and the log never shows an email address or a key.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class PrivacyIntegrationTests {

    static final String EMAIL = "jane.roe@privacy-test.example";

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Test
    void the_csv_export_neutralises_formulas_and_quotes_what_needs_it() {
        Http http = new Http(port);
        Http.Response created = http.post(
                "/api/leads",
                "{\"externalId\":\"csv-1\",\"firstName\":\"@SUM(A1:A9)\",\"lastName\":\"-2+3\",\"title\":\"+cmd|' /C calc'!A0\","
                        + "\"company\":\"=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\",\"companySize\":42,"
                        + "\"industry\":\"Software, \\\"SaaS\\\"\",\"source\":\"csv-test\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        Http.Response csv = http.get("/api/leads/export.csv?source=csv-test");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("leads.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("id,externalId,email,firstName,lastName,title,company,companySize");
        String row = lines.get(1);
        assertThat(row).contains(",'@SUM(A1:A9),'-2+3,'+cmd|' /C calc'!A0,");
        assertThat(row).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",42,");
        assertThat(row).contains(",\"Software, \"\"SaaS\"\"\",");
        assertThat(http.get("/api/leads/export.csv?grade=Z9").status()).isEqualTo(400);
    }

    @Test
    void a_person_is_exported_then_erased_everywhere_and_the_counts_stay(CapturedOutput output) {
        Http http = new Http(port);
        http.post("/api/territories", "{\"id\":\"na\",\"name\":\"NA\",\"regions\":[\"AMER\"]}");
        http.post("/api/reps", "{\"id\":\"ann\",\"name\":\"Ann\",\"territories\":[\"na\"],\"dailyCapacity\":5}");
        Http.Response created = http.post(
                "/api/leads",
                "{\"externalId\":\"crm-jane\",\"email\":\"" + EMAIL + "\",\"firstName\":\"Jane\",\"lastName\":\"Roe\","
                        + "\"title\":\"VP Marketing\",\"company\":\"Roe Widgets\",\"companySize\":500,\"country\":\"US\","
                        + "\"industry\":\"Software\",\"attributes\":{\"phone\":\"+1 555 0100\"},"
                        + "\"engagementCounts\":{\"pricingPageVisits\":1,\"formSubmissions\":1,\"webVisits\":6}}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String leadId = created.json().path("id").asString();
        http.post(
                "/api/leads/crm-jane/activities",
                "{\"eventId\":\"e1\",\"type\":\"FORM_SUBMISSION\",\"at\":\""
                        + Instant.now().minusSeconds(60) + "\",\"properties\":{\"form\":\"contact\",\"email\":\""
                        + EMAIL + "\"}}");
        http.put("/api/leads/crm-jane/disposition", "{\"code\":\"SQO\",\"note\":\"Jane Roe wants a demo\"}");
        String tier = http.get("/api/leads/crm-jane/handoffs")
                .json()
                .get(0)
                .path("tier")
                .asString();

        JsonNode export = http.post("/api/privacy/export", "{\"email\":\"JANE.ROE@privacy-test.example\"}")
                .json();
        assertThat(export.path("leadIds").get(0).asString()).isEqualTo(leadId);
        assertThat(export.path("leads").get(0).path("email").asString()).isEqualTo(EMAIL);
        assertThat(export.path("activities")).hasSize(1);
        assertThat(export.path("gradings").size()).isGreaterThanOrEqualTo(2);
        assertThat(export.path("handoffs")).hasSize(1);
        assertThat(export.path("dispositions").get(0).path("note").asString()).contains("Jane Roe");

        JsonNode erased =
                http.post("/api/privacy/erase", "{\"externalId\":\"crm-jane\"}").json();
        assertThat(erased.path("leadIds").get(0).asString()).isEqualTo(leadId);
        assertThat(erased.path("documentsChanged").asLong()).isPositive();

        for (String collection : mongo.getCollectionNames()) {
            for (Document document : mongo.getCollection(collection).find()) {
                String json = document.toJson();
                assertThat(json).as(collection).doesNotContain(EMAIL, "Jane", "Roe", "555 0100", "crm-jane");
            }
        }
        JsonNode lead = http.get("/api/leads/" + leadId).json();
        assertThat(lead.path("grade").asString()).isEqualTo("A1");
        assertThat(lead.path("companySize").asInt()).isEqualTo(500);
        assertThat(lead.path("status").asString()).isEqualTo("DISPOSITIONED");
        JsonNode handoff = http.get("/api/leads/" + leadId + "/handoffs").json().get(0);
        assertThat(handoff.path("tier").asString()).isEqualTo(tier);
        assertThat(http.get("/api/leads/" + leadId + "/dispositions")
                        .json()
                        .get(0)
                        .path("code")
                        .asString())
                .isEqualTo("SQO");
        assertThat(http.get("/api/leads/crm-jane").status()).isEqualTo(404);

        assertThat(http.post("/api/privacy/erase", "{}").status()).isEqualTo(400);
        assertThat(http.post("/api/privacy/erase", "{\"externalId\":\"a\",\"email\":\"b@c.d\"}")
                        .status())
                .isEqualTo(400);
        assertThat(http.get("/api/admin/audit?action=PERSONAL_DATA_ERASED").body())
                .contains(leadId)
                .doesNotContain(EMAIL);

        // Nothing the service logged during all this names the person or shows a key.
        List<String> lines = output.getAll().lines().toList();
        assertThat(lines).noneMatch(line -> line.contains(EMAIL) || line.contains("privacy-test.example"));
        assertThat(lines).noneMatch(line -> line.contains(Http.ADMIN_KEY));
    }
}
