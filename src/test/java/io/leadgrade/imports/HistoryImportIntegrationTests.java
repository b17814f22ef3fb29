package io.leadgrade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import io.leadgrade.support.HttpImports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * A CRM history (rows with a handoff date, a rep and an outcome) is recorded as history: as of its own dates, to
 * the reps it names, with no events, no capacity taken and no SLA state, and live traffic after it behaves as on an
 * empty store. The SLA check runs every second meanwhile, so a row that raced it would show.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"leadgrade.rules.watch.enabled=false", "leadgrade.handoff.check-interval=1s"})
@DirtiesContext
class HistoryImportIntegrationTests {

    static final String MAPPING = """
            columns: {externalId: id, email: email, title: title, companySize: employees, country: country}
            outcome:
              column: stage
              codes: {Won: SQO, Lost: NO_INTEREST}
              at: closed
              handedOffAt: engaged
              rep: owner
            """;

    static final String HEADER = "id,email,title,employees,country,stage,engaged,closed,owner,note\n";

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    Http http;

    @BeforeEach
    void reset() {
        http = new Http(port);
        for (String collection : new String[] {"leads", "gradings", "handoffs", "dispositions", "outbox"}) {
            mongo.remove(new Query(), collection);
        }
        assertThat(http.put("/api/imports/mappings/history", MAPPING).status()).isEqualTo(200);
        http.post("/api/territories", "{\"id\": \"na\", \"name\": \"North America\", \"countries\": [\"US\"]}");
        http.post(
                "/api/reps",
                "{\"id\": \"ann\", \"name\": \"Ann Lee\", \"territories\": [\"na\"], \"dailyCapacity\": 1}");
        http.post(
                "/api/reps",
                "{\"id\": \"bob\", \"name\": \"Bob Ray\", \"territories\": [\"na\"], \"dailyCapacity\": 1}");
    }

    @Test
    void historyIsRecordedAsOfItsDatesWithoutEventsCapacityOrSlaState() throws Exception {
        long eventsBefore = events();
        String csv = HEADER
                + "h1,ann@acme.com,CMO,500,US,Won,2026-03-02,2026-03-20,ann,key account\n"
                + "h2,bob@beta.com,VP Marketing,800,US,Lost,2026-03-05,2026-03-09,bob,\n"
                + "h3,cy@gamma.com,CMO,900,US,Engaging,2026-04-01,,ann,\n";
        JsonNode counts = HttpImports.importFile(http, csv, "history");
        assertThat(counts.path("created").asLong()).isEqualTo(3);
        assertThat(counts.path("outcomes").asLong()).isEqualTo(3);
        assertThat(counts.path("failed").asLong()).isZero();

        assertThat(events()).as("history is not news").isEqualTo(eventsBefore);
        for (String rep : new String[] {"ann", "bob"}) {
            JsonNode load = http.get("/api/reps/" + rep).json();
            assertThat(load.path("assignedToday").asInt()).as(rep).isZero();
            assertThat(load.path("openLeads").asInt()).as(rep).isZero();
        }

        JsonNode h1 = http.get("/api/leads/h1").json();
        assertThat(h1.path("status").asString()).isEqualTo("DISPOSITIONED");
        assertThat(h1.path("disposition").asString()).isEqualTo("SQO");
        assertThat(h1.path("territory").asString()).isEqualTo("na");
        assertThat(h1.path("repId").asString()).isEqualTo("ann");
        assertThat(h1.path("createdAt").asString()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(h1.path("attributes").path("note").asString()).isEqualTo("key account");
        assertThat(h1.path("attributes").has("stage")).isFalse();
        assertThat(h1.path("attributes").has("engaged")).isFalse();
        assertThat(h1.path("attributes").has("closed")).isFalse();
        assertThat(h1.path("attributes").has("owner")).isFalse();

        JsonNode handoff = http.get("/api/leads/h1/handoffs").json().get(0);
        assertThat(handoff.path("at").asString()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(handoff.path("repId").asString()).isEqualTo("ann");
        assertThat(handoff.path("territory").asString()).isEqualTo("na");
        assertThat(handoff.path("dueAt").isNull())
                .as("older than the SLA: no due date")
                .isTrue();
        assertThat(handoff.path("disposition").asString()).isEqualTo("SQO");
        assertThat(handoff.path("firstDispositionAt").asString()).isEqualTo("2026-03-20T00:00:00Z");

        Http.Response then = http.get("/api/leads/h1?asOf=2026-03-02T12:00:00Z");
        assertThat(then.status()).as(then.body()).isEqualTo(200);
        assertThat(then.json().path("grade").asString())
                .isEqualTo(handoff.path("grade").asString());

        JsonNode open = http.get("/api/leads/h3/handoffs").json().get(0);
        assertThat(open.path("status").asString()).isEqualTo("OPEN");
        JsonNode check = http.post("/api/handoffs/check", "").json();
        assertThat(check.path("overdue").asInt()).isZero();
        assertThat(check.path("assigned").asInt()).isZero();
        assertThat(http.get("/api/leads/h3/handoffs")
                        .json()
                        .get(0)
                        .path("overdueNoted")
                        .asBoolean())
                .isFalse();

        JsonNode again = HttpImports.importFile(http, csv, "history");
        assertThat(again.path("outcomes").asLong())
                .as("the same history twice counts once")
                .isZero();
        assertThat(again.path("unchanged").asLong()).isEqualTo(3);
        assertThat(mongo.getCollection("handoffs").countDocuments()).isEqualTo(3);
        assertThat(mongo.getCollection("dispositions").countDocuments()).isEqualTo(2);
    }

    @Test
    void liveTrafficAfterHistoryIsAssignedNotQueuedAndAnswersItsHandoff() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 20; i++) {
            csv.append("p")
                    .append(i)
                    .append(",p")
                    .append(i)
                    .append("@acme.com,CMO,700,US,Won,2026-05-0")
                    .append(1 + i % 9)
                    .append(",2026-06-01,")
                    .append(i % 2 == 0 ? "ann" : "bob")
                    .append(",\n");
        }
        long eventsBefore = events();
        HttpImports.importFile(http, csv.toString(), "history");
        assertThat(events()).isEqualTo(eventsBefore);

        Http.Response created = http.post("/api/leads", """
                {"externalId": "live-1", "email": "cmo@globex.example", "title": "CMO", "companySize": 1200,
                 "country": "US", "engagementCounts": {"pricingPageVisits": 1, "formSubmissions": 1}}""");
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        JsonNode answer = created.json();
        assertThat(answer.path("mql").asBoolean()).isTrue();
        assertThat(answer.path("status").asString()).isEqualTo("HANDED_OFF");
        assertThat(answer.path("territory").asString()).isEqualTo("na");
        assertThat(answer.path("repId").asString()).isIn("ann", "bob");
        JsonNode stored = http.get("/api/leads/live-1").json();
        for (String field : new String[] {"status", "territory", "repId", "grade", "updatedAt", "gradedAt"}) {
            assertThat(answer.path(field).toString())
                    .as(field)
                    .isEqualTo(stored.path(field).toString());
        }
        assertThat(http.get("/api/leads/live-1/handoffs")
                        .json()
                        .get(0)
                        .path("status")
                        .asString())
                .isEqualTo("OPEN");
        assertThat(events()).as("live traffic is news").isEqualTo(eventsBefore + 1);
    }

    @Test
    void everyRowWithOutcomesIsStoredWholeWhileTheSlaCheckRuns() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        int rows = 240;
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        for (int i = 0; i < rows; i++) {
            // Recent handoffs without an outcome have a due date the check could act on; old ones have none.
            String engaged = i % 3 == 0 ? today : "2026-0" + (1 + i % 9) + "-10";
            String stage = i % 3 == 0 ? "Engaging" : i % 2 == 0 ? "Won" : "Lost";
            String closed = i % 3 == 0 ? "" : "2026-10-01";
            csv.append("r")
                    .append(i)
                    .append(",r")
                    .append(i)
                    .append("@acme.com,CMO,700,US,")
                    .append(stage)
                    .append(',')
                    .append(engaged)
                    .append(',')
                    .append(closed)
                    .append(",ann,\n");
        }
        JsonNode counts = HttpImports.importFile(http, csv.toString(), "history");
        assertThat(counts.path("failed").asLong()).isZero();
        assertThat(counts.path("created").asLong()).isEqualTo(rows);
        assertThat(counts.path("outcomes").asLong()).isEqualTo(rows);
        assertThat(mongo.getCollection("handoffs").countDocuments()).isEqualTo(rows);
        assertThat(mongo.getCollection("dispositions").countDocuments()).isEqualTo(rows - rows / 3);
        long closedOpen = mongo.getCollection("handoffs")
                .countDocuments(new org.bson.Document("status", "OPEN")
                        .append("disposition", new org.bson.Document("$ne", null)));
        assertThat(closedOpen)
                .as("a handoff with a disposition is never left open")
                .isZero();
        long leadsClosed =
                mongo.getCollection("leads").countDocuments(new org.bson.Document("status", "DISPOSITIONED"));
        assertThat(leadsClosed).isEqualTo(rows - rows / 3);
    }

    private long events() {
        return http.get("/api/events?after=0&limit=1000").json().path("events").size();
    }
}
