package io.leadgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import io.leadgrade.support.MutableClock;
import io.leadgrade.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The rollups agree exactly with the raw aggregation of the handoffs. Each seed drives the whole application over
 * HTTP through a random sequence of new leads and data updates (re-grades), dispositions (including changed ones),
 * won and lost opportunities, moves by hand, SLA checks that note overdue handoffs and reassign, and clock jumps
 * across days and months; then every grouping under many filters is read both ways and compared, before and after a
 * rebuild.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "leadgrade.rules.watch.enabled=false",
            "leadgrade.handoff.reassign-after=48h",
            "leadgrade.reports.rollup-write-slice=" + RollupPropertyTests.SLICE
        })
@Import({TestClock.class, RollupPropertyTests.RollupWrites.class})
@DirtiesContext
class RollupPropertyTests {

    static final Instant START = Instant.parse("2026-01-27T09:00:00Z");

    /** Rollup documents a flush writes per bulk write here: every flush of a handoff change (64 documents) slices. */
    static final int SLICE = 7;

    /** The most rollup documents one update command of the application changed. */
    static final java.util.concurrent.atomic.AtomicInteger MOST_PER_WRITE =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Increment commands of flushes that were journaled one by one, and that were deferred to the flush's end (its
     * marker's deletion commits them together).
     */
    static final java.util.concurrent.atomic.AtomicInteger JOURNALED_INCREMENTS =
            new java.util.concurrent.atomic.AtomicInteger();

    static final java.util.concurrent.atomic.AtomicInteger DEFERRED_INCREMENTS =
            new java.util.concurrent.atomic.AtomicInteger();

    @org.springframework.boot.test.context.TestConfiguration
    static class RollupWrites {
        @org.springframework.context.annotation.Bean
        org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer rollupWrites() {
            return settings -> settings.addCommandListener(new com.mongodb.event.CommandListener() {
                @Override
                public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                    var command = event.getCommand();
                    if (event.getCommandName().equals("update")
                            && command.getString("update").getValue().equals("report_rollups")
                            && command.containsKey("updates")) {
                        MOST_PER_WRITE.accumulateAndGet(
                                command.getArray("updates").size(), Math::max);
                        var id = command.getArray("updates")
                                .get(0)
                                .asDocument()
                                .getDocument("q")
                                .get("_id");
                        boolean marker =
                                id.isString() && id.asString().getValue().startsWith(Rollups.MARKER);
                        var concern = command.getDocument("writeConcern", new org.bson.BsonDocument());
                        boolean deferred = concern.getBoolean("j", org.bson.BsonBoolean.TRUE)
                                .equals(org.bson.BsonBoolean.FALSE);
                        if (!marker) {
                            (deferred ? DEFERRED_INCREMENTS : JOURNALED_INCREMENTS).incrementAndGet();
                        }
                    }
                }
            });
        }
    }

    static final String[] CODES = {
        "SQO", "SQO", "UNABLE_TO_CONNECT", "NO_INTEREST", "WRONG_ROLE", "EARLY_STAGE", "BAD_DATA", "COMPETITOR"
    };

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    Rollups rollups;

    @Autowired
    HandoffScan scan;

    Http http;

    @BeforeEach
    void reset() {
        http = new Http(port);
        clock.set(START);
        for (String collection : List.of(
                "leads",
                "gradings",
                "handoffs",
                "dispositions",
                "territories",
                "reps",
                "rotations",
                "rep_days",
                "rep_loads",
                Rollups.COLLECTION)) {
            mongo.remove(new Query(), collection);
        }
        ok(http.post("/api/territories", "{\"id\":\"na\",\"name\":\"North America\",\"regions\":[\"AMER\"]}"));
        ok(http.post("/api/territories", "{\"id\":\"emea\",\"name\":\"EMEA\",\"regions\":[\"EMEA\"]}"));
        ok(http.post("/api/reps", rep("ann", "na", 6)));
        ok(http.post("/api/reps", rep("bob", "na", 3)));
        ok(http.post("/api/reps", rep("cy", "emea", 4)));
        ok(http.post("/api/reps", rep("dee", "emea", 2)));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void rollups_equal_the_raw_aggregation_after_any_sequence_of_changes(long seed) {
        Random random = new Random(seed);
        List<String> leads = new ArrayList<>();
        int handoffs = 0;
        for (int step = 0; step < 260; step++) {
            int op = random.nextInt(100);
            if (op < 35 || leads.isEmpty()) {
                String id = "s" + seed + "-" + leads.size();
                leads.add(id);
                upsertLead(random, id);
            } else if (op < 45) {
                upsertLead(random, pick(random, leads)); // a data update: a re-grade, perhaps a first handoff
            } else if (op < 70) {
                String code = CODES[random.nextInt(CODES.length)];
                http.put("/api/leads/" + pick(random, leads) + "/disposition", "{\"code\":\"" + code + "\"}");
            } else if (op < 78) {
                String outcome = random.nextBoolean() ? "WON" : "LOST";
                http.put("/api/leads/" + pick(random, leads) + "/opportunity", "{\"outcome\":\"" + outcome + "\"}");
            } else if (op < 84) {
                JsonNode mine = http.get("/api/leads/" + pick(random, leads) + "/handoffs")
                        .json();
                if (!mine.isEmpty()) {
                    String handoff = mine.get(mine.size() - 1).path("id").asString();
                    String body = random.nextBoolean()
                            ? "{\"territory\":\"emea\",\"repId\":\"" + (random.nextBoolean() ? "cy" : "dee") + "\"}"
                            : "{\"territory\":\"na\"}";
                    http.put("/api/handoffs/" + handoff + "/assignment", body);
                }
            } else if (op < 92) {
                clock.advance(Duration.ofHours(random.nextInt(60)));
                ok(http.post("/api/handoffs/check", "{}"));
            } else {
                clock.advance(Duration.ofDays(1 + random.nextInt(9)));
            }
            clock.advance(Duration.ofMinutes(random.nextInt(300)));
            handoffs = (int) mongo.count(new Query(), "handoffs");
        }
        assertThat(handoffs).as("handoffs made by the sequence").isGreaterThan(40);
        assertThat(mongo.count(new Query(), "dispositions")).isGreaterThan(20);

        List<ReportFilter> filters = filters(random);
        compareAll(filters);
        assertThat(MOST_PER_WRITE.get())
                .as("rollup documents per bulk write of a flush (leadgrade.reports.rollup-write-slice)")
                .isEqualTo(SLICE);
        assertThat(JOURNALED_INCREMENTS.get())
                .as("increment commands journaled one by one (a flush's commit is its marker's deletion)")
                .isZero();
        assertThat(DEFERRED_INCREMENTS.get()).isGreaterThan(handoffs);
        assertThat(rollups.rebuild(read -> true)).isEqualTo(handoffs);
        compareAll(filters);
    }

    private void compareAll(List<ReportFilter> filters) {
        int nonEmpty = 0;
        for (Grouping grouping : Grouping.values()) {
            for (ReportFilter filter : filters) {
                Cube expected = scan.read(grouping, filter);
                Cube actual = rollups.read(grouping, filter);
                assertThat(actual).as(grouping + " " + filter).isEqualTo(expected);
                nonEmpty += expected.groups().isEmpty() ? 0 : 1;
            }
        }
        assertThat(nonEmpty).as("comparisons with data").isGreaterThan(filters.size() * 4);
    }

    private List<ReportFilter> filters(Random random) {
        LocalDate first = LocalDate.ofInstant(START, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<ReportFilter> filters = new ArrayList<>();
        filters.add(new ReportFilter(null, null, null, null, null, null));
        filters.add(new ReportFilter(null, null, "na", null, null, null));
        filters.add(new ReportFilter(null, null, "emea", "cy", null, null));
        filters.add(new ReportFilter(null, null, null, "ann", "analytics", null));
        filters.add(new ReportFilter(null, null, null, "(queued)", null, null));
        filters.add(new ReportFilter(null, null, null, null, "(none)", "web"));
        filters.add(new ReportFilter(null, null, "unassigned", null, null, "event"));
        filters.add(new ReportFilter(day(first.plusDays(5)), day(LocalDate.of(2026, 3, 1)), null, null, null, null));
        filters.add(new ReportFilter(day(LocalDate.of(2026, 2, 1)), null, null, null, "crm", null));
        for (int i = 0; i < 6; i++) {
            long span = Math.max(1, last.toEpochDay() - first.toEpochDay());
            LocalDate from = first.plusDays(random.nextInt((int) span));
            LocalDate to = from.plusDays(1 + random.nextInt(45));
            filters.add(new ReportFilter(
                    day(from),
                    day(to),
                    random.nextBoolean() ? "na" : null,
                    null,
                    null,
                    random.nextBoolean() ? "web" : null));
        }
        return filters;
    }

    private void upsertLead(Random random, String id) {
        String[] countries = {"US", "US", "DE", "AU"};
        String[] titles = {"VP Marketing", "Marketing Manager", "Intern", "CTO"};
        int[] sizes = {20, 150, 500, 5000};
        String[] lines = {"analytics", "crm", null};
        String[] sources = {"web", "event", "partner", null};
        int visits = random.nextInt(8);
        String line = lines[random.nextInt(lines.length)];
        String source = sources[random.nextInt(sources.length)];
        String body = "{\"externalId\":\"" + id + "\",\"title\":\"" + titles[random.nextInt(titles.length)]
                + "\",\"email\":\"x@acme.com\",\"companySize\":" + sizes[random.nextInt(sizes.length)]
                + ",\"industry\":\"Software\",\"country\":\"" + countries[random.nextInt(countries.length)] + "\""
                + (line == null ? "" : ",\"productLine\":\"" + line + "\"")
                + (source == null ? "" : ",\"source\":\"" + source + "\"")
                + ",\"engagementCounts\":{\"pricingPageVisits\":" + random.nextInt(3) + ",\"formSubmissions\":"
                + random.nextInt(2) + ",\"webVisits\":" + visits + "}}";
        ok(http.post("/api/leads", body));
    }

    private static Instant day(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    static String rep(String id, String territory, int capacity) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"territories\":[\"" + territory
                + "\"],\"dailyCapacity\":" + capacity + "}";
    }

    private static void ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 202);
    }
}
