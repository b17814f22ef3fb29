package io.leadgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import io.leadgrade.support.HttpImports;
import io.leadgrade.support.StoreCommands;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The write budget of the lead's journey: how many commands reach the store for one operation, counted by a driver
 * command listener on the thread that did the work (a request's server thread, an import's job thread). Each count
 * is printed and held to its budget (docs/benchmarks.md, "Write budget"): a change that makes an operation talk to
 * the store more fails here.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "leadgrade.rules.watch.enabled=false",
            "leadgrade.handoff.check-interval=1h",
            // Steady traffic: routing reads the team once per refresh (2 s by default), not once per lead.
            "leadgrade.handoff.team-refresh=1h"
        })
@Import(StoreCommands.Registration.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteBudgetIntegrationTests {

    static final Predicate<String> REQUEST = thread -> thread.startsWith("http-nio");
    static final Predicate<String> JOB = thread -> thread.startsWith("leadgrade-job");

    @LocalServerPort
    int port;

    @Autowired
    StoreCommands commands;

    Http http;

    @BeforeAll
    void team() {
        http = new Http(port);
        http.post("/api/territories", "{\"id\": \"na\", \"name\": \"North America\", \"countries\": [\"US\"]}");
        http.post(
                "/api/reps",
                "{\"id\": \"ann\", \"name\": \"Ann Lee\", \"territories\": [\"na\"], \"dailyCapacity\": 1000}");
        created(mql("budget-first")); // reads the team, as the first MQL after a change or a pause does
    }

    @Test
    void aNewLeadThatIsNotAnMql() {
        List<StoreCommands.Command> sent = commands.during(() -> created("""
                        {"externalId": "budget-cold", "title": "Intern", "companySize": 5, "country": "US"}"""), REQUEST);
        assertWithin("POST /api/leads, new lead, not an MQL", sent, 5);
    }

    @Test
    void aNewMql() {
        List<StoreCommands.Command> sent = commands.during(() -> created(mql("budget-mql")), REQUEST);
        assertWithin("POST /api/leads, new MQL (handed off)", sent, 16);
    }

    @Test
    void anActivity() {
        created("{\"externalId\": \"budget-active\", \"title\": \"Intern\", \"companySize\": 5, \"country\": \"US\"}");
        List<StoreCommands.Command> sent = commands.during(
                () -> assertThat(http.post("/api/leads/budget-active/activities", """
                                {"eventId": "e1", "type": "WEB_VISIT", "at": "2026-11-30T10:00:00Z"}""")
                                .status())
                        .isEqualTo(201),
                REQUEST);
        assertWithin("POST /api/leads/{id}/activities", sent, 9);
    }

    @Test
    void aDisposition() {
        created(mql("budget-sqo"));
        List<StoreCommands.Command> sent = commands.during(
                () -> assertThat(http.put("/api/leads/budget-sqo/disposition", "{\"code\": \"SQO\"}")
                                .status())
                        .isEqualTo(200),
                REQUEST);
        assertWithin("PUT /api/leads/{id}/disposition (SQO)", sent, 14);
    }

    @Test
    void anImportBatchOf500RowsWithOutcomes() throws Exception {
        String mapping = """
                columns: {externalId: id, email: email, title: title, companySize: employees, country: country}
                outcome: {column: stage, codes: {Won: SQO, Lost: NO_INTEREST}, at: closed, handedOffAt: engaged, rep: owner}
                """;
        assertThat(http.put("/api/imports/mappings/budget", mapping).status()).isEqualTo(200);
        StringBuilder csv = new StringBuilder("id,email,title,employees,country,stage,engaged,closed,owner\n");
        for (int i = 0; i < 500; i++) {
            csv.append("b")
                    .append(i)
                    .append(",b")
                    .append(i)
                    .append("@acme.com,CMO,700,US,")
                    .append(i % 2 == 0 ? "Won" : "Lost")
                    .append(",2026-05-10,2026-06-01,ann\n");
        }
        List<StoreCommands.Command> sent = commands.during(
                () -> {
                    JsonNode counts = importFile(csv.toString());
                    assertThat(counts.path("created").asLong()).isEqualTo(500);
                    assertThat(counts.path("outcomes").asLong()).isEqualTo(500);
                },
                JOB);
        assertWithin("import of 500 rows with outcomes (one batch, whole job)", sent, 15);
    }

    private static void assertWithin(String operation, List<StoreCommands.Command> all, int budget) {
        // The API key lookup is the security layer's (cached, so present on some requests only), not the journey's.
        List<StoreCommands.Command> sent = all.stream()
                .filter(command -> !"api_keys".equals(command.collection()))
                .toList();
        System.out.printf("write budget: %-60s %3d commands (budget %d): %s%n", operation, sent.size(), budget, sent);
        assertThat(sent).as(operation).hasSizeLessThanOrEqualTo(budget);
    }

    private static String mql(String id) {
        return "{\"externalId\": \"" + id + "\", \"title\": \"CMO\", \"companySize\": 1200, \"country\": \"US\","
                + " \"email\": \"" + id + "@globex.example\","
                + " \"engagementCounts\": {\"pricingPageVisits\": 1, \"formSubmissions\": 1}}";
    }

    private void created(String body) {
        Http.Response response = http.post("/api/leads", body);
        assertThat(response.status()).as(response.body()).isIn(200, 201);
    }

    private JsonNode importFile(String csv) {
        try {
            return HttpImports.importFile(http, csv, "budget");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
