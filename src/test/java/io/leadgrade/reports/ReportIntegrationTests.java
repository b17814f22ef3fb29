package io.leadgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.leadgrade.grading.Tier;
import io.leadgrade.handoff.Handoff;
import io.leadgrade.handoff.HandoffStatus;
import io.leadgrade.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The reports against a fixture computed by hand. Territory east gets good leads: Ann converts them (30 A1 with 20
 * SQOs, 10 A2 with 5), Bob gets 100 A1 and marks 80 "unable to connect" (3 SQOs). Territory west gets 40 B1 leads
 * (LOW tier) and converts one, which is what such leads promise. North has 5 leads still open.
 *
 * <p>Team conversion per grade (leads with an outcome): A1 23/130, A2 5/10, B1 1/40.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class ReportIntegrationTests {

    static final Instant DAY = Instant.parse("2026-03-10T10:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    Rollups rollups;

    Http http;

    @BeforeEach
    void fixture() {
        http = new Http(port);
        mongo.remove(new Query(), Handoff.class);
        List<Handoff> handoffs = new ArrayList<>();
        add(handoffs, 20, "east", "ann", "A1", Tier.HIGH, "SQO");
        add(handoffs, 10, "east", "ann", "A1", Tier.HIGH, "NO_INTEREST");
        add(handoffs, 5, "east", "ann", "A2", Tier.MEDIUM, "SQO");
        add(handoffs, 5, "east", "ann", "A2", Tier.MEDIUM, "NO_INTEREST");
        add(handoffs, 3, "east", "bob", "A1", Tier.HIGH, "SQO");
        add(handoffs, 80, "east", "bob", "A1", Tier.HIGH, "UNABLE_TO_CONNECT");
        add(handoffs, 17, "east", "bob", "A1", Tier.HIGH, "NO_INTEREST");
        add(handoffs, 1, "west", "cy", "B1", Tier.LOW, "SQO");
        add(handoffs, 39, "west", "cy", "B1", Tier.LOW, "NO_INTEREST");
        add(handoffs, 5, "north", "dee", "A1", Tier.HIGH, null);
        mongo.insert(handoffs, Handoff.class);
        // Loaded behind the application's back: the rollups are rebuilt from the handoffs, as the job does.
        assertThat(rollups.rebuild(read -> true)).isEqualTo(handoffs.size());
    }

    @Test
    void net_quality_score_per_territory_uses_the_tier_at_handoff_and_marks_small_groups() {
        JsonNode report = http.get("/api/reports/nqs?groupBy=TERRITORY").json();
        JsonNode east = group(report.path("groups"), "east");
        assertThat(east.path("leads").asLong()).isEqualTo(140);
        assertThat(east.path("high").asLong()).isEqualTo(130);
        assertThat(east.path("medium").asLong()).isEqualTo(10);
        assertThat(east.path("nqs").asDouble()).isCloseTo(100.0 * 130 / 140, within(1e-9));
        assertThat(east.path("grades").path("A2").asLong()).isEqualTo(10);
        assertThat(group(report.path("groups"), "west").path("nqs").asDouble()).isEqualTo(-100.0);
        assertThat(group(report.path("groups"), "north").path("tooSmall").asBoolean())
                .isTrue();
        assertThat(report.path("total").path("nqs").asDouble()).isCloseTo(100.0 * (135 - 40) / 185, within(1e-9));

        JsonNode filtered = http.get("/api/reports/nqs?groupBy=REP&territory=east&from=2026-03-10&to=2026-03-11")
                .json();
        assertThat(filtered.path("groups")).hasSize(2);
        assertThat(http.get("/api/reports/nqs?from=2026-03-11")
                        .json()
                        .path("total")
                        .path("leads")
                        .asLong())
                .isZero();
    }

    @Test
    void the_rep_with_many_leads_few_conversions_and_many_unable_to_connect_stands_out() {
        JsonNode report = http.get("/api/reports/dispositions?groupBy=REP").json();
        JsonNode bob = group(report.path("groups"), "bob");
        assertThat(bob.path("leads").asLong()).isEqualTo(100);
        assertThat(bob.path("sqo").asLong()).isEqualTo(3);
        assertThat(bob.path("conversion").asDouble()).isEqualTo(0.03);
        assertThat(bob.path("conversionInterval").path("low").asDouble())
                .isCloseTo(0.010254524024038925, within(1e-12));
        assertThat(bob.path("conversionInterval").path("high").asDouble()).isCloseTo(0.0845193642905276, within(1e-12));
        assertThat(bob.path("shares").path("UNABLE_TO_CONNECT").asDouble()).isEqualTo(0.8);
        assertThat(bob.path("flags").toString())
                .contains("many leads", "converts below the team", "many unable to connect");
        assertThat(group(report.path("groups"), "ann").path("flags")).isEmpty();
        JsonNode dee = group(report.path("groups"), "dee");
        assertThat(dee.path("open").asLong()).isEqualTo(5);
        assertThat(dee.path("tooSmall").asBoolean()).isTrue();
        assertThat(group(report.path("groups"), "ann")
                        .path("medianHoursToFirstDisposition")
                        .asDouble())
                .isEqualTo(6.0);
    }

    @Test
    void calibration_gives_each_grade_cell_its_conversion_with_a_wilson_interval() {
        JsonNode rows = http.get("/api/reports/calibration").json();
        JsonNode a1 = group(rows, "A1", "grade");
        assertThat(a1.path("withOutcome").asLong()).isEqualTo(130);
        assertThat(a1.path("sqo").asLong()).isEqualTo(23);
        assertThat(a1.path("interval").path("low").asDouble()).isCloseTo(0.12088475864855926, within(1e-12));
        assertThat(a1.path("interval").path("high").asDouble()).isCloseTo(0.2515070193539965, within(1e-12));
        JsonNode a2 = group(rows, "A2", "grade");
        assertThat(a2.path("interval").path("low").asDouble()).isCloseTo(0.236593090512564, within(1e-12));
        JsonNode d4 = group(rows, "D4", "grade");
        assertThat(d4.path("withOutcome").asLong()).isZero();
        // An empty cell has no rate: null, not the string "NaN".
        assertThat(d4.path("conversion").isNull()).as(d4.toString()).isTrue();
        assertThat(d4.path("interval").isNull()).as(d4.toString()).isTrue();
        assertThat(http.get("/api/reports/calibration.csv").body()).contains("\r\nD4,0,0,,,\r\n");
    }

    @Test
    void poor_follow_up_and_poor_leads_read_differently() {
        JsonNode reps = http.get("/api/reports/performance?groupBy=REP").json();
        JsonNode bob = group(reps, "bob");
        assertThat(bob.path("expectedSqo").asDouble()).isCloseTo(100 * 23 / 130.0, within(1e-9));
        assertThat(bob.path("indexInterval").path("high").asDouble()).isCloseTo(0.4954336398160974, within(1e-9));
        assertThat(bob.path("verdict").asString()).isEqualTo(ReportService.BELOW);
        JsonNode ann = group(reps, "ann");
        assertThat(ann.path("index").asDouble()).isCloseTo(25 / (30 * 23 / 130.0 + 5), within(1e-9));
        assertThat(ann.path("verdict").asString()).isEqualTo(ReportService.FINE);

        JsonNode territories =
                http.get("/api/reports/performance?groupBy=TERRITORY").json();
        JsonNode west = group(territories, "west");
        assertThat(west.path("index").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(west.path("indexInterval").path("high").asDouble()).isCloseTo(5.5637555824752605, within(1e-9));
        assertThat(west.path("verdict").asString()).isEqualTo(ReportService.POOR_LEADS);
    }

    @Test
    void csv_downloads_carry_the_same_numbers_as_the_json() {
        String csv = http.get("/api/reports/performance.csv?groupBy=REP").body();
        JsonNode json = http.get("/api/reports/performance?groupBy=REP").json();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("group,withOutcome,actualSqo,expectedSqo,index");
        String bobLine = lines.stream()
                .filter(line -> line.startsWith("bob,"))
                .findFirst()
                .orElseThrow();
        JsonNode bob = group(json, "bob");
        String[] cells = bobLine.split(",");
        assertThat(Double.parseDouble(cells[3]))
                .isEqualTo(bob.path("expectedSqo").asDouble());
        assertThat(Double.parseDouble(cells[4])).isEqualTo(bob.path("index").asDouble());
        assertThat(cells[9]).isEqualTo(bob.path("verdict").asString());

        String nqs = http.get("/api/reports/nqs.csv?groupBy=TERRITORY").body();
        String east =
                nqs.lines().filter(line -> line.startsWith("east,")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(east.split(",")[6]))
                .isEqualTo(group(
                                http.get("/api/reports/nqs?groupBy=TERRITORY")
                                        .json()
                                        .path("groups"),
                                "east")
                        .path("nqs")
                        .asDouble());
        assertThat(http.get("/api/reports/dispositions.csv").body()).contains("UNABLE_TO_CONNECT");
        assertThat(http.get("/api/reports/calibration.csv").body().lines().count())
                .isEqualTo(17);
        assertThat(http.get("/api/reports/nqs?groupBy=COLOUR").status()).isEqualTo(400);
    }

    @Test
    void the_rebuild_job_recomputes_the_rollups_from_the_handoffs() throws Exception {
        mongo.remove(new Query(), Rollups.COLLECTION);
        assertThat(http.get("/api/reports/rollups").json().path("built").asBoolean())
                .isFalse();
        assertThat(http.get("/api/reports/nqs")
                        .json()
                        .path("total")
                        .path("leads")
                        .asLong())
                .isZero();
        Http.Response started = http.post("/api/reports/rollups/rebuild", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String job = started.json().path("id").asString();
        JsonNode state = await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> http.get("/api/jobs/" + job).json(),
                        job1 -> !job1.path("status").asString().matches("RUNNING|CANCEL_REQUESTED"));
        assertThat(state.path("status").asString()).as(state.toString()).isEqualTo("COMPLETED");
        assertThat(state.path("processed").asLong()).isEqualTo(185);
        assertThat(state.path("message").asString()).startsWith("rebuilt from 185 handoffs");
        assertThat(http.get("/api/reports/nqs")
                        .json()
                        .path("total")
                        .path("leads")
                        .asLong())
                .isEqualTo(185);
        assertThat(new Http(port, null).post("/api/reports/rollups/rebuild", "").status())
                .isEqualTo(401);
    }

    @Test
    void increments_an_instance_never_wrote_are_noticed_and_a_flush_leaves_no_marker() {
        rollups.flush();
        assertThat(mongo.getCollection(Rollups.COLLECTION)
                        .countDocuments(new org.bson.Document("_id", new org.bson.Document("$regex", "^pending:"))))
                .isZero();
        assertThat(rollups.lostIncrements()).isFalse();
        mongo.getCollection(Rollups.COLLECTION)
                .insertOne(new org.bson.Document("_id", Rollups.MARKER + "dead-instance")
                        .append("at", java.util.Date.from(Instant.now().minusSeconds(3600))));
        assertThat(rollups.lostIncrements()).isTrue();
        assertThat(rollups.rebuild(read -> true)).isEqualTo(185);
        assertThat(rollups.lostIncrements())
                .as("a rebuild replaces everything, markers too")
                .isFalse();
    }

    private static JsonNode group(JsonNode rows, String name) {
        return group(rows, name, "group");
    }

    private static JsonNode group(JsonNode rows, String name, String field) {
        for (JsonNode row : rows) {
            if (row.path(field).asString().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row " + name + " in " + rows);
    }

    private static int sequence;

    private static void add(
            List<Handoff> handoffs, int count, String territory, String rep, String grade, Tier tier, String code) {
        for (int i = 0; i < count; i++) {
            String id = "lead-" + (++sequence) + ":0";
            boolean decided = code != null;
            handoffs.add(new Handoff(
                    id,
                    id.substring(0, id.length() - 2),
                    null,
                    0,
                    DAY,
                    territory,
                    "fixture",
                    "AMER",
                    "MID",
                    false,
                    rep,
                    DAY,
                    DAY.plusSeconds(86_400),
                    grade,
                    tier,
                    "default",
                    "v1",
                    List.of(),
                    "analytics",
                    "web",
                    null,
                    decided
                            ? ("NO_INTEREST".equals(code) ? HandoffStatus.RECYCLED : HandoffStatus.DISPOSITIONED)
                            : HandoffStatus.OPEN,
                    decided ? DAY.plusSeconds(6 * 3600) : null,
                    code,
                    false,
                    0,
                    List.of(),
                    null));
        }
    }
}
