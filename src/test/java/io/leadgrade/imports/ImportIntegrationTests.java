package io.leadgrade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.leads.Lead;
import io.leadgrade.support.Http;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/** Imports of good, partly bad and malformed files, re-imports, and an import stopped and resumed. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class ImportIntegrationTests {

    static final String MAPPING = """
            columns:
              externalId: Lead ID
              email: E-mail
              title: Job Title
              companySize: Employees
              country: Country
              source: Lead Source
              pricingPageVisits: Pricing visits
            values:
              country: {United States: US, Deutschland: DE}
              source: {paid_search: paid-search}
            """;

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    Http http;

    @BeforeEach
    void reset() {
        http = new Http(port);
        mongo.remove(new Query(), Lead.class);
        mongo.remove(new Query(), "import_errors");
        mongo.remove(new Query(), "handoffs");
        mongo.remove(new Query(), "report_rollups");
        assertThat(http.put("/api/imports/mappings/crm", MAPPING).status()).isEqualTo(200);
    }

    @Test
    void a_good_file_with_quotes_a_bom_and_a_foreign_delimiter_imports_every_row_and_keeps_other_columns()
            throws Exception {
        String csv = "\uFEFFLead ID;E-mail;Job Title;Employees;Country;Lead Source;Pricing visits;Segment note\r\n"
                + "c1;ann@acme.com;VP Marketing;500;United States;paid_search;2;\"key; account\"\r\n"
                + "c2;bob@beta.de;\"Head of \"\"Growth\"\"\";1200;Deutschland;web;0;\"two\nlines\"\r\n"
                + "c3;cy@gamma.com;Intern;12;US;event;;\r\n";
        JsonNode done = importFile(csv.getBytes(StandardCharsets.UTF_8), "crm");
        assertThat(done.path("job").path("status").asString()).isEqualTo("COMPLETED");
        JsonNode counts = done.path("import");
        assertThat(counts.path("rows").asLong()).isEqualTo(3);
        assertThat(counts.path("created").asLong()).isEqualTo(3);
        assertThat(counts.path("failed").asLong()).isZero();
        JsonNode c2 = http.get("/api/leads/c2").json();
        assertThat(c2.path("title").asString()).isEqualTo("Head of \"Growth\"");
        assertThat(c2.path("country").asString()).isEqualTo("DE");
        assertThat(c2.path("attributes").path("Segment note").asString()).isEqualTo("two\nlines");
        JsonNode c1 = http.get("/api/leads/c1").json();
        assertThat(c1.path("source").asString()).isEqualTo("paid-search");
        assertThat(c1.path("attributes").path("Segment note").asString()).isEqualTo("key; account");
        assertThat(c1.path("grade").asString()).isNotBlank();

        // The same file again: nothing changes, nothing is duplicated.
        JsonNode againState = importFile(csv.getBytes(StandardCharsets.UTF_8), "crm");
        JsonNode again = againState.path("import");
        assertThat(again.path("unchanged").asLong()).as(againState.toString()).isEqualTo(3);
        assertThat(mongo.count(new Query(), Lead.class)).isEqualTo(3);
    }

    @Test
    void bad_rows_are_reported_with_line_column_value_and_reason_while_good_rows_go_in() throws Exception {
        String csv = "Lead ID,E-mail,Job Title,Employees,Country,Lead Source,Pricing visits\n"
                + "g1,g1@acme.com,CMO,300,US,web,1\n"
                + "b1,not-an-email,CMO,many,US,web,1\n"
                + ",nobody@acme.com,CMO,10,US,web,0\n"
                + "b3,b3@acme.com,CMO,10,US\n"
                + "g2,g2@acme.com,Director,2500.0,US,web,0\n"
                + "b4,b4@acme.com,CMO,-5,US,web,1\n";
        JsonNode done = importFile(csv.getBytes(StandardCharsets.UTF_8), "crm");
        JsonNode counts = done.path("import");
        assertThat(counts.path("rows").asLong()).isEqualTo(6);
        assertThat(counts.path("created").asLong()).isEqualTo(2);
        assertThat(counts.path("failed").asLong()).isEqualTo(4);
        assertThat(mongo.count(new Query(), Lead.class)).isEqualTo(2);
        assertThat(http.get("/api/leads/g2").json().path("companySize").asInt()).isEqualTo(2500);

        List<String> report = http.get(
                        "/api/imports/" + done.path("import").path("id").asString() + "/errors.csv")
                .body()
                .lines()
                .toList();
        assertThat(report.get(0)).isEqualTo("line,column,value,reason");
        assertThat(report).anyMatch(line -> line.startsWith("3,Employees,many,companySize must be a whole number"));
        assertThat(report).anyMatch(line -> line.startsWith("3,E-mail,not-an-email,email "));
        assertThat(report).anyMatch(line -> line.startsWith("4,Lead ID,,externalId "));
        assertThat(report).anyMatch(line -> line.startsWith("5,,,the row has 5 fields where the header has 7"));
        // A value a spreadsheet would run as a formula is written with a leading quote.
        assertThat(report).anyMatch(line -> line.startsWith("7,Employees,'-5,companySize "));
    }

    @Test
    void json_lines_and_other_encodings_are_read_and_unreadable_bytes_are_named() throws Exception {
        assertThat(http.put("/api/imports/mappings/jsonl", "format: jsonl\ncolumns: {externalId: id, title: role}")
                        .status())
                .isEqualTo(200);
        String lines =
                "{\"id\":\"j1\",\"role\":\"CMO\",\"plan\":\"pro\"}\n\n[1,2]\n{\"id\":\"j2\",\"role\":\"VP Sales\"}\n{broken\n";
        JsonNode counts =
                importFile(lines.getBytes(StandardCharsets.UTF_8), "jsonl").path("import");
        assertThat(counts.path("created").asLong()).isEqualTo(2);
        assertThat(counts.path("failed").asLong()).isEqualTo(2);
        assertThat(http.get("/api/leads/j1")
                        .json()
                        .path("attributes")
                        .path("plan")
                        .asString())
                .isEqualTo("pro");

        String latin =
                "Lead ID,E-mail,Job Title,Employees,Country,Lead Source,Pricing visits\nl1,,Geschäftsführer,50,DE,web,0\n";
        JsonNode wrong = importFile(latin.getBytes(Charset.forName("windows-1252")), "crm")
                .path("import");
        assertThat(wrong.path("failed").asLong()).isEqualTo(1);
        assertThat(http.put("/api/imports/mappings/latin", MAPPING + "encoding: windows-1252\n")
                        .status())
                .isEqualTo(200);
        importFile(latin.getBytes(Charset.forName("windows-1252")), "latin");
        assertThat(http.get("/api/leads/l1").json().path("title").asString()).isEqualTo("Geschäftsführer");
    }

    @Test
    void wrong_mappings_and_unreadable_files_are_refused_naming_what_is_wrong() throws Exception {
        Http.Response mapping = http.put("/api/imports/mappings/bad", "columns:\n  colour: Colour\nformat: xml\n");
        assertThat(mapping.status()).isEqualTo(400);
        assertThat(mapping.body()).contains("mapping.columns.colour", "mapping.format", "mapping.columns.externalId");
        assertThat(http.put("/api/imports/mappings/bad", "columns: [").status()).isEqualTo(400);
        Http.Response unknown = http.postBytes("/api/imports?mapping=nope", "text/csv", "a\n1\n".getBytes());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"mapping\"");

        JsonNode missing = importFile("Id,Name\n1,x\n".getBytes(StandardCharsets.UTF_8), "crm");
        assertThat(missing.path("job").path("status").asString()).isEqualTo("FAILED");
        assertThat(missing.path("job").path("message").asString()).contains("no column Lead ID");

        String unclosed =
                "Lead ID,E-mail,Job Title,Employees,Country,Lead Source,Pricing visits\nu1,\"open,CMO,1,US,web,0\n";
        JsonNode broken = importFile(unclosed.getBytes(StandardCharsets.UTF_8), "crm");
        assertThat(broken.path("job").path("status").asString()).isEqualTo("FAILED");
        assertThat(broken.path("job").path("message").asString()).contains("line 2", "quoted field is not closed");
    }

    @Test
    void an_import_stopped_and_started_again_loses_and_duplicates_nothing() throws Exception {
        final int rows = 5000;
        StringBuilder csv =
                new StringBuilder("Lead ID,E-mail,Job Title,Employees,Country,Lead Source,Pricing visits\n");
        for (int i = 0; i < rows; i++) {
            csv.append("r")
                    .append(i)
                    .append(",r")
                    .append(i)
                    .append("@acme.com,CMO,")
                    .append(10 + i)
                    .append(",US,web,1\n");
        }
        Http.Response started = http.postBytes(
                "/api/imports?mapping=crm", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(started.status()).isEqualTo(202);
        String id = started.json().path("id").asString();
        String job = started.json().path("job").path("id").asString();
        while (http.get("/api/imports/" + id).json().path("import").path("rows").asLong() == 0) {
            Thread.sleep(20);
        }
        http.post("/api/jobs/" + job + "/cancel", "");
        JsonNode stopped = await(id);
        assertThat(stopped.path("job").path("status").asString()).isEqualTo("CANCELLED");
        long doneBefore = stopped.path("import").path("rows").asLong();
        assertThat(doneBefore).isBetween((long) ImportJob.BATCH, rows - 1L);
        assertThat(mongo.count(new Query(), Lead.class)).isGreaterThanOrEqualTo(doneBefore);

        // As if the process died after storing leads past the last recorded position: those rows are done again.
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id)), new Update().set("rows", doneBefore - 150), ImportRun.class);
        http.post("/api/jobs/" + job + "/resume", "");
        JsonNode finished = await(id);
        assertThat(finished.path("job").path("status").asString()).isEqualTo("COMPLETED");
        assertThat(finished.path("import").path("rows").asLong()).isEqualTo(rows);
        assertThat(mongo.count(new Query(), Lead.class)).isEqualTo(rows);
        assertThat(mongo.getCollection("leads")
                        .distinct("externalId", String.class)
                        .into(new java.util.ArrayList<>()))
                .hasSize(rows);
        JsonNode counts = finished.path("import");
        assertThat(counts.path("created").asLong() + counts.path("unchanged").asLong())
                .isEqualTo(rows + 150);
        assertThat(counts.path("unchanged").asLong()).isEqualTo(150);
    }

    @Test
    void a_lookup_table_joins_account_data_onto_each_row_and_a_missing_or_wrong_table_is_named() throws Exception {
        String accounts = "account,sector,employees,office_location\n"
                + "Cancity,retail,4000,United States\n"
                + "Isdom,medical,300,Germany\n";
        Http.Response bad = http.putBytes("/api/imports/lookups/accounts?key=acct", "text/csv", accounts);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"key\"", "account, sector, employees, office_location");
        Http.Response stored = http.putBytes("/api/imports/lookups/accounts?key=account", "text/csv", accounts);
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().path("rows").asInt()).isEqualTo(2);
        String mapping = """
                columns: {externalId: opportunity_id, title: role, industry: sector, companySize: employees,
                          country: office_location}
                values: {country: {United States: US, Germany: DE}}
                lookups: {accounts: {on: account}}
                """;
        assertThat(http.put("/api/imports/mappings/joined", mapping).status()).isEqualTo(200);
        String csv = "opportunity_id,account,role\no1,Cancity,CMO\no2,Isdom,Intern\no3,Unknown,CMO\n";
        JsonNode counts =
                importFile(csv.getBytes(StandardCharsets.UTF_8), "joined").path("import");
        assertThat(counts.path("created").asLong()).isEqualTo(3);
        assertThat(counts.path("failed").asLong()).isZero();
        JsonNode o1 = http.get("/api/leads/o1").json();
        assertThat(o1.path("companySize").asInt()).isEqualTo(4000);
        assertThat(o1.path("industry").asString()).isEqualTo("retail");
        assertThat(o1.path("country").asString()).isEqualTo("US");
        assertThat(http.get("/api/leads/o2").json().path("country").asString()).isEqualTo("DE");
        assertThat(http.get("/api/leads/o3").json().path("companySize").isMissingNode()
                        || http.get("/api/leads/o3").json().path("companySize").isNull())
                .as("no account row: nothing joined")
                .isTrue();

        String missing = "columns: {externalId: opportunity_id}\nlookups: {regions: {on: region}}\n";
        Http.Response notStored = http.put("/api/imports/mappings/missing", missing);
        assertThat(notStored.status())
                .as("refused when stored, not at the first import")
                .isEqualTo(400);
        assertThat(notStored.contentType()).startsWith("application/problem+json");
        assertThat(notStored.json().path("errors").get(0).path("field").asString())
                .isEqualTo("mapping.lookups.regions");
        assertThat(notStored.body()).contains("PUT /api/imports/lookups/regions");
        assertThat(http.get("/api/imports/mappings").body()).doesNotContain("\"missing\"");

        // A table removed after its mapping was stored is still named when an import needs it.
        assertThat(http.putBytes("/api/imports/lookups/regions?key=region", "text/csv", "region,zone\nEU,emea\n")
                        .status())
                .isEqualTo(200);
        assertThat(http.put("/api/imports/mappings/missing", missing).status()).isEqualTo(200);
        mongo.remove(
                Query.query(org.springframework.data.mongodb.core.query.Criteria.where("_id")
                        .is("regions")),
                "import_lookups");
        Http.Response refused = http.postBytes(
                "/api/imports?mapping=missing",
                "text/csv",
                "opportunity_id,region\nx,EU\n".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("mapping.lookups.regions", "PUT /api/imports/lookups/regions");
    }

    @Test
    void countries_given_as_names_are_stored_as_iso_codes_and_unknown_ones_are_row_warnings() throws Exception {
        assertThat(http.put("/api/imports/mappings/plain", "columns: {externalId: id, title: role, country: land}\n")
                        .status())
                .isEqualTo(200);
        String csv = "id,role,land\n"
                + "n1,CMO,Russia\n"
                + "n2,CMO,Germany\n"
                + "n3,CMO,deutschland\n"
                + "n4,CMO,FRA\n"
                + "n5,CMO,us\n"
                + "n6,CMO,unknown\n"
                + "n7,CMO,\n";
        JsonNode done = importFile(csv.getBytes(StandardCharsets.UTF_8), "plain");
        assertThat(done.path("import").path("created").asLong()).isEqualTo(7);
        assertThat(done.path("import").path("failed").asLong()).isZero();
        assertThat(done.path("warnings").asLong()).isEqualTo(1);
        Map<String, String> countries = new java.util.LinkedHashMap<>();
        for (String id : List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7")) {
            JsonNode country = http.get("/api/leads/" + id).json().path("country");
            countries.put(id, country.isMissingNode() || country.isNull() ? null : country.asString());
        }
        assertThat(countries)
                .containsEntry("n1", "RU")
                .containsEntry("n2", "DE")
                .containsEntry("n3", "DE")
                .containsEntry("n4", "FR")
                .containsEntry("n5", "US")
                .containsEntry("n6", null)
                .containsEntry("n7", null);

        String id = done.path("import").path("id").asString();
        List<String> warnings =
                http.get("/api/imports/" + id + "/warnings.csv").body().lines().toList();
        assertThat(warnings).containsExactly("line,column,value,warning", "7,land,unknown," + LeadRows.UNKNOWN_COUNTRY);
        assertThat(http.get("/api/imports/" + id + "/errors.csv").body().lines())
                .as("the row went in: no error")
                .containsExactly("line,column,value,reason");
    }

    @Test
    void an_activity_file_records_each_event_once_and_reports_bad_rows() throws Exception {
        assertThat(http.post("/api/leads", "{\"externalId\":\"a1\",\"title\":\"VP Marketing\",\"country\":\"US\"}")
                        .status())
                .isEqualTo(200);
        assertThat(http.post("/api/leads", "{\"externalId\":\"a2\",\"title\":\"CMO\"}")
                        .status())
                .isEqualTo(200);
        String mapping = """
                kind: activities
                columns: {leadExternalId: Lead, eventId: Event, type: Activity, at: When}
                values: {type: {Pricing: PRICING_PAGE_VISIT, Form: FORM_SUBMISSION}}
                """;
        assertThat(http.put("/api/imports/mappings/activities", mapping).status())
                .isEqualTo(200);
        String csv = "Lead,Event,Activity,When,Page\n"
                + "a1,e1,Pricing,2026-11-20 10:00,/pricing\n"
                + "a1,e2,Form,2026-11-21,/demo\n"
                + "a2,e3,Dance,2026-11-20,/\n"
                + "a2,e4,Pricing,someday,/pricing\n"
                + "zz,e5,Pricing,2026-11-20,/pricing\n";
        JsonNode done = importFile(csv.getBytes(StandardCharsets.UTF_8), "activities");
        JsonNode counts = done.path("import");
        assertThat(counts.path("created").asLong()).as(done.toString()).isEqualTo(2);
        assertThat(counts.path("failed").asLong()).isEqualTo(3);
        JsonNode events = http.get("/api/leads/a1/activities").json();
        assertThat(events.toString()).contains("PRICING_PAGE_VISIT", "FORM_SUBMISSION", "/pricing");
        String report = http.get("/api/imports/" + counts.path("id").asString() + "/errors.csv")
                .body();
        assertThat(report)
                .contains(
                        "4,Activity,Dance,\"type must be one of", "5,When,someday,must be a date", "6,Lead,zz,no lead");

        JsonNode again =
                importFile(csv.getBytes(StandardCharsets.UTF_8), "activities").path("import");
        assertThat(again.path("created").asLong())
                .as("the same events again count once")
                .isZero();
        assertThat(again.path("unchanged").asLong()).isEqualTo(2);

        String leadsOnly = "kind: activities\ncolumns: {leadExternalId: Lead, eventId: Event, type: Activity}\n";
        Http.Response refused = http.put("/api/imports/mappings/broken", leadsOnly);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("mapping.columns.at", "is required for an activity import");
    }

    @Test
    void past_outcomes_become_handoffs_dated_as_in_the_source_with_their_dispositions_and_fill_the_reports()
            throws Exception {
        String mapping = """
                columns: {externalId: opportunity_id, company: account, productLine: product, title: role}
                outcome:
                  column: deal_stage
                  codes: {Won: SQO, Lost: NO_INTEREST}
                  at: close_date
                  handedOffAt: engage_date
                  rep: sales_agent
                """;
        assertThat(http.put("/api/imports/mappings/pipeline", mapping).status()).isEqualTo(200);
        String csv = "opportunity_id,sales_agent,product,account,role,deal_stage,engage_date,close_date\n"
                + "o1,Moses Frase,GTX Plus,Cancity,CMO,Won,2016-10-20,2017-03-01\n"
                + "o2,Darcel Schlecht,GTX Pro,Isdom,Intern,Lost,2016-10-25,2016-11-11\n"
                + "o3,Moses Frase,GTX Pro,Isdom,CMO,Engaging,2016-11-02,\n"
                + "o4,Moses Frase,GTX Pro,Isdom,CMO,Won,2016-11-02,soon\n";
        JsonNode counts =
                importFile(csv.getBytes(StandardCharsets.UTF_8), "pipeline").path("import");
        assertThat(counts.path("created").asLong()).isEqualTo(3);
        assertThat(counts.path("outcomes").asLong())
                .as("o3 was handed off, without an outcome yet")
                .isEqualTo(3);
        assertThat(counts.path("failed").asLong()).isEqualTo(1);
        JsonNode o1 = http.get("/api/leads/o1/handoffs").json().get(0);
        assertThat(o1.path("at").asString()).isEqualTo("2016-10-20T00:00:00Z");
        assertThat(o1.path("repId").asString()).isEqualTo("Moses Frase");
        assertThat(o1.path("disposition").asString()).isEqualTo("SQO");
        assertThat(o1.path("firstDispositionAt").asString()).isEqualTo("2017-03-01T00:00:00Z");
        assertThat(http.get("/api/leads/o2/handoffs")
                        .json()
                        .get(0)
                        .path("disposition")
                        .asString())
                .isEqualTo("NO_INTEREST");
        JsonNode o3 = http.get("/api/leads/o3/handoffs").json().get(0);
        assertThat(o3.path("at").asString()).isEqualTo("2016-11-02T00:00:00Z");
        assertThat(o3.path("disposition").isNull()).isTrue();

        JsonNode report = http.get("/api/reports/dispositions?groupBy=REP&from=2016-10-01&to=2016-11-01")
                .json();
        assertThat(report.path("total").path("leads").asLong()).isEqualTo(2);
        assertThat(report.path("total").path("sqo").asLong()).isEqualTo(1);
        assertThat(report.path("groups").toString()).contains("Moses Frase", "Darcel Schlecht");

        JsonNode again =
                importFile(csv.getBytes(StandardCharsets.UTF_8), "pipeline").path("import");
        assertThat(again.path("outcomes").asLong()).isZero();
        assertThat(again.path("unchanged").asLong()).isEqualTo(3);

        Http.Response unknownCode = http.put(
                "/api/imports/mappings/bad", "columns: {externalId: id}\noutcome: {column: stage, codes: {Won: WON}}");
        assertThat(unknownCode.status()).isEqualTo(400);
        assertThat(unknownCode.body()).contains("mapping.outcome.codes.Won", "SQO");
    }

    private JsonNode importFile(byte[] file, String mapping) throws Exception {
        Http.Response started =
                http.postBytes("/api/imports?mapping=" + mapping + "&fileName=test.csv", "text/csv", file);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return await(started.json().path("id").asString());
    }

    private JsonNode await(String id) throws Exception {
        JsonNode state = http.get("/api/imports/" + id).json();
        for (int i = 0;
                i < 600 && state.path("job").path("status").asString().matches("RUNNING|CANCEL_REQUESTED");
                i++) {
            Thread.sleep(50);
            state = http.get("/api/imports/" + id).json();
        }
        return state;
    }
}
