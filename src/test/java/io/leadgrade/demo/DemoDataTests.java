package io.leadgrade.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.imports.Imports;
import io.leadgrade.jobs.JobView;
import io.leadgrade.reports.ReportService;
import io.leadgrade.support.Http;
import io.leadgrade.support.Imported;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The demo data, loaded as a user gets it (a first start with {@code leadgrade.demo.enabled=true}), shows in the
 * reports and the feedback module the patterns it promises: a high-volume, low-quality territory; slow reps whose
 * opportunity count looks normal; an over-weighted rule, flagged without anyone starting a refresh.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "leadgrade.rules.watch.enabled=false",
            "leadgrade.demo.enabled=true",
            "leadgrade.demo.leads=" + DemoDataTests.LEADS,
            "leadgrade.demo.seed=7"
        })
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataTests {

    static final int LEADS = 6000;

    @LocalServerPort
    int port;

    @Autowired
    Imports imports;

    @Autowired
    MongoTemplate mongo;

    Http http;
    Map<String, Object> loaded;

    @BeforeAll
    void load() throws Exception {
        http = new Http(port);
        JsonNode started = http.get("/api/imports").json();
        for (int i = 0; i < 300 && started.isEmpty(); i++) {
            Thread.sleep(100);
            started = http.get("/api/imports").json();
        }
        assertThat(started).as("the start-up began the demo import").hasSize(1);
        loaded = Imported.await(imports, started.get(0).path("id").asString());
    }

    @Test
    void every_row_is_imported_and_the_mqls_are_handed_off_with_their_outcomes() {
        JobView job = (JobView) loaded.get("job");
        assertThat(job.status().name()).as(job.message()).isEqualTo("COMPLETED");
        JsonNode counts = http.get("/api/imports/" + job.parameters().get("import"))
                .json()
                .path("import");
        assertThat(counts.path("rows").asLong()).isEqualTo(LEADS);
        assertThat(counts.path("created").asLong()).isEqualTo(LEADS);
        assertThat(counts.path("failed").asLong()).isZero();
        JsonNode total = http.get("/api/reports/nqs").json().path("total");
        assertThat(total.path("leads").asLong())
                .as("handed off: the rules' MQLs, with history (open ones count no outcome)")
                .isGreaterThanOrEqualTo(counts.path("outcomes").asLong())
                .isLessThan(counts.path("outcomes").asLong() * 12 / 10)
                .isBetween(LEADS / 6L, LEADS / 2L);
        assertThat(http.get("/api/territories").json()).hasSize(DemoData.PLACES.size());
        assertThat(http.get("/api/reps").json()).hasSize(12);
    }

    @Test
    void the_demo_is_history_no_events_no_capacity_taken_and_grades_readable_as_of_each_handoff() {
        for (JsonNode event : http.get("/api/events?after=0&limit=1000").json().path("events")) {
            assertThat(event.path("type").asString())
                    .as("imported history is not news: " + event)
                    .isNotIn("LEAD_HANDED_OFF", "LEAD_OVERDUE", "DISPOSITION_RECORDED");
        }
        for (JsonNode rep : http.get("/api/reps").json()) {
            assertThat(rep.path("assignedToday").asInt())
                    .as(rep.path("rep").path("id").asString() + " has today's whole capacity")
                    .isZero();
            assertThat(rep.path("openLeads").asInt()).isZero();
        }
        JsonNode handoffs = http.get("/api/handoffs?size=20").json();
        assertThat(handoffs.size()).isPositive();
        for (JsonNode handoff : handoffs) {
            Http.Response then = http.get("/api/leads/" + handoff.path("leadId").asString() + "?asOf="
                    + handoff.path("at").asString());
            assertThat(then.status()).as(then.body()).isEqualTo(200);
            assertThat(then.json().path("grade").asString())
                    .as("the grade it was handed off with")
                    .isEqualTo(handoff.path("grade").asString());
            if (java.time.Instant.parse(handoff.path("at").asString())
                    .isBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(2)))) {
                assertThat(handoff.path("dueAt").isNull())
                        .as("history has no SLA: " + handoff)
                        .isTrue();
            }
        }
    }

    @Test
    void the_lead_export_carries_grade_scores_tier_the_rules_with_points_and_the_disposition() {
        Http.Response csv = http.get("/api/leads/export.csv?mql=true");
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        int grade = header.indexOf("grade");
        int rules = header.indexOf("rules");
        int disposition = header.indexOf("disposition");
        assertThat(grade).isNotNegative();
        assertThat(header).contains("tier", "mql", "status");
        int fitScore = header.indexOf("fitScore");
        int engagementScore = header.indexOf("engagementScore");
        assertThat(fitScore)
                .as("the export carries the scores behind the grade")
                .isNotNegative();
        assertThat(engagementScore).isNotNegative();
        Map<String, Integer> codes = new java.util.TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            assertThat(cells.get(grade)).matches("[AB][12]");
            assertThat(Integer.parseInt(cells.get(fitScore)))
                    .as("an MQL's fit letter A or B takes 40 points or more")
                    .isGreaterThanOrEqualTo(40);
            assertThat(Integer.parseInt(cells.get(engagementScore)))
                    .as("its digit 1 or 2 takes 30 points or more")
                    .isGreaterThanOrEqualTo(30);
            assertThat(cells.get(rules)).matches("[^;]+ [+-]\\d+(; [^;]+ [+-]\\d+)*");
            codes.merge(cells.get(disposition).isEmpty() ? "open" : cells.get(disposition), 1, Integer::sum);
        }
        assertThat(codes).containsKeys("SQO", "UNABLE_TO_CONNECT", "NO_INTEREST", "open");
    }

    @Test
    void six_months_of_leads_from_six_sources_and_four_product_lines_with_outcomes_unless_recent() {
        assertThat(http.get("/api/reports/nqs?groupBy=SOURCE").json().path("groups"))
                .hasSize(6);
        assertThat(http.get("/api/reports/nqs?groupBy=PRODUCT_LINE").json().path("groups"))
                .hasSize(4);
        JsonNode months = http.get("/api/reports/nqs?groupBy=MONTH").json().path("groups");
        assertThat(months.size())
                .as("the last six months (parts of seven calendar months)")
                .isBetween(6, 7);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode old = http.get("/api/reports/dispositions?to=" + today.minusDays(15))
                .json()
                .path("total");
        assertThat(old.path("open").asDouble() / old.path("leads").asDouble())
                .as("handoffs older than two weeks carry what their rep made of them: " + old)
                .isLessThan(0.1);
        JsonNode recent = http.get("/api/reports/dispositions?from=" + today.minusDays(1))
                .json()
                .path("total");
        assertThat(recent.path("open").asDouble() / recent.path("leads").asDouble())
                .as("most of the last day's are still open: " + recent)
                .isGreaterThan(0.5);
    }

    @Test
    void france_brings_the_most_handoffs_mostly_from_small_companies_and_the_lowest_quality() {
        JsonNode nqs = http.get("/api/reports/nqs?groupBy=TERRITORY").json().path("groups");
        JsonNode france = group(nqs, "france");
        for (JsonNode other : nqs) {
            if (other != france) {
                String name = other.path("group").asString();
                assertThat(france.path("leads").asLong())
                        .as("France against " + name)
                        .isGreaterThan(other.path("leads").asLong());
                assertThat(france.path("nqs").asDouble())
                        .as("France against " + name)
                        .isLessThan(other.path("nqs").asDouble());
            }
        }
        List<String> lines = http.get("/api/leads/export.csv?territory=france")
                .body()
                .lines()
                .toList();
        List<String> header = List.of(lines.get(0).split(","));
        int size = header.indexOf("companySize");
        assertThat(size).as(header.toString()).isNotNegative();
        long small = lines.stream()
                .skip(1)
                .map(DemoDataTests::cells)
                .filter(cells -> Integer.parseInt(cells.get(size)) < 200)
                .count();
        assertThat(small).as("of France's %d handoffs", lines.size() - 1).isGreaterThan((lines.size() - 1) / 2);
    }

    @Test
    void the_performance_report_says_france_and_its_reps_convert_as_well_as_their_poor_leads_allow() {
        JsonNode territory =
                group(http.get("/api/reports/performance?groupBy=TERRITORY").json(), "france");
        assertThat(territory.path("verdict").asString())
                .as(territory.toString())
                .isEqualTo(ReportService.POOR_LEADS);
        assertThat(territory.path("nqs").asDouble())
                .isLessThan(territory.path("restNqs").asDouble() - 15);
        assertThat(territory.path("reason").asString()).startsWith("NQS ");
        JsonNode reps = http.get("/api/reports/performance?groupBy=REP").json();
        for (String rep : new String[] {"marc.dubois", "sophie.martin"}) {
            assertThat(group(reps, rep).path("verdict").asString())
                    .as(group(reps, rep).toString())
                    .isEqualTo(ReportService.POOR_LEADS);
        }
        for (JsonNode other : reps) {
            if (!other.path("group").asString().matches("marc.dubois|sophie.martin")) {
                assertThat(other.path("verdict").asString())
                        .as("poor leads are France's alone: " + other)
                        .isNotEqualTo(ReportService.POOR_LEADS);
            }
        }
    }

    @Test
    void the_slow_reps_have_more_leads_half_the_conversion_mostly_unable_to_connect_and_normal_sqo_counts() {
        JsonNode report = http.get("/api/reports/dispositions?groupBy=REP").json();
        JsonNode reps = report.path("groups");
        JsonNode performance = http.get("/api/reports/performance?groupBy=REP").json();
        JsonNode ben = group(reps, "ben.carter");
        JsonNode jonas = group(reps, "jonas.weber");
        JsonNode total = report.path("total");
        double others = (double) (total.path("sqo").asLong()
                        - ben.path("sqo").asLong()
                        - jonas.path("sqo").asLong())
                / (total.path("leads").asLong()
                        - ben.path("leads").asLong()
                        - jonas.path("leads").asLong());
        for (String[] pair :
                new String[][] {{"ben.carter", "ana.silva", "north-america"}, {"jonas.weber", "lena.hoffmann", "dach"}
                }) {
            assertThat(http.get("/api/reps/" + pair[0])
                            .json()
                            .path("rep")
                            .path("territories")
                            .toString())
                    .isEqualTo("[\"" + pair[2] + "\"]");
            JsonNode slow = group(reps, pair[0]);
            JsonNode peer = group(reps, pair[1]);
            assertThat(slow.path("leads").asLong())
                    .as(pair[0] + " gets many more leads than " + pair[1])
                    .isGreaterThan(peer.path("leads").asLong() * 13 / 10);
            assertThat(slow.path("conversion").asDouble())
                    .as(pair[0] + " converts less than half as often as the other reps")
                    .isLessThan(0.5 * others);
            assertThat(slow.path("shares").path("UNABLE_TO_CONNECT").asDouble())
                    .as(pair[0] + "'s dispositions " + slow.path("shares"))
                    .isGreaterThan(0.5);
            assertThat(slow.path("sqo").asLong())
                    .as("the opportunity count looks normal next to " + pair[1])
                    .isBetween(
                            peer.path("sqo").asLong() * 6 / 10, peer.path("sqo").asLong() * 16 / 10 + 3);
            assertThat(group(performance, pair[0]).path("verdict").asString())
                    .as(group(performance, pair[0]).toString())
                    .isEqualTo(ReportService.BELOW);
        }
    }

    @Test
    void the_start_up_refreshes_the_feedback_after_the_load_and_flags_the_over_weighted_manager_rule()
            throws Exception {
        Query refresh = Query.query(Criteria.where("type").is("FEEDBACK_REFRESH"));
        Map<?, ?> job = null;
        for (int i = 0; i < 6000; i++) { // up to 10 minutes: a bound for a hung refresh, not a timing
            job = mongo.findOne(refresh, Map.class, "jobs");
            if (job != null && !String.valueOf(job.get("status")).matches("RUNNING|CANCEL_REQUESTED")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(job).as("a refresh started by the demo load").isNotNull();
        assertThat(String.valueOf(job.get("status"))).isEqualTo("COMPLETED");
        assertThat(((Map<?, ?>) job.get("parameters")).get("reason")).isEqualTo("demo data loaded");
        JsonNode flags = http.get("/api/feedback/flags?current=true").json();
        JsonNode manager = null;
        for (JsonNode flag : flags) {
            if (flag.path("subject").asString().equals("Manager title")
                    && flag.path("kind").asString().equals("OVER_WEIGHTED")) {
                manager = flag;
            }
        }
        assertThat(manager)
                .as(flags + "\n" + http.get("/api/feedback/rules").body())
                .isNotNull();
        JsonNode evidence = manager.path("evidence");
        assertThat(evidence.path("points").asDouble())
                .as("Manager title adds 15 fit points")
                .isEqualTo(15);
        assertThat(evidence.path("conversionFired").asDouble())
                .as("managers convert far less than the rest: " + evidence)
                .isLessThan(0.6 * evidence.path("conversionNotFired").asDouble());
        assertThat(evidence.path("suggestedPoints").asDouble())
                .as("the points it should have")
                .isLessThan(15);
        assertThat(manager.path("recommendation").asString()).startsWith("lower its points from +15 to between ");
    }

    /** One CSV line's cells (quotes and doubled quotes; the export writes no line breaks in these columns). */
    private static List<String> cells(String line) {
        List<String> cells = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static JsonNode group(JsonNode rows, String name) {
        for (JsonNode row : rows) {
            if (row.path("group").asString().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row " + name + " in " + rows);
    }
}
