package io.leadgrade.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import io.leadgrade.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * Handoff end to end over HTTP, with the application's clock under the test's control: routing by the rules in
 * rules/routing (and the fallback queue), weighted round robin, concurrency of assignment, the SLA, dispositions,
 * recycling and re-MQL, and the errors a rep or admin can make.
 */
abstract class HandoffChecks {

    static final Instant START = Instant.parse("2026-04-06T08:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    RepAssigner assigner;

    Http http;

    @BeforeEach
    void reset() {
        http = new Http(port);
        clock.set(START);
        for (String collection : List.of(
                "leads",
                "gradings",
                "activities",
                "handoffs",
                "dispositions",
                "territories",
                "reps",
                "rotations",
                "rep_days",
                "rep_loads",
                "outbox",
                "counters")) {
            mongo.remove(new Query(), collection);
        }
        ok(http.post("/api/territories", "{\"id\":\"na\",\"name\":\"North America\",\"regions\":[\"AMER\"]}"));
        ok(http.post("/api/territories", "{\"id\":\"emea\",\"name\":\"EMEA\",\"regions\":[\"emea\"]}"));
        ok(http.post("/api/reps", rep("ann", "na", 3, null)));
        ok(http.post("/api/reps", rep("bob", "na", 1, null)));
        ok(http.post("/api/reps", rep("eva", "emea", 5, null)));
    }

    @Test
    void an_mql_is_routed_by_the_rules_assigned_and_recorded_once_with_its_grade_and_rules() {
        JsonNode lead = createLead("h1", "US", true);
        assertThat(lead.path("mql").asBoolean()).isTrue();
        JsonNode handoffs = http.get("/api/leads/h1/handoffs").json();
        assertThat(handoffs).hasSize(1);
        JsonNode handoff = handoffs.get(0);
        assertThat(handoff.path("territory").asString()).isEqualTo("na");
        assertThat(handoff.path("routedBy").asString()).isEqualTo("Territory covering the lead");
        assertThat(handoff.path("repId").asString()).isEqualTo("ann");
        assertThat(handoff.path("grade").asString())
                .isEqualTo(lead.path("grade").asString());
        assertThat(handoff.path("tier").asString()).isEqualTo("HIGH");
        assertThat(handoff.path("rulesetVersion").asString())
                .isEqualTo(lead.path("rulesetVersion").asString());
        assertThat(handoff.path("explanation").toString()).contains("Visited pricing page");
        assertThat(handoff.path("dueAt").asString())
                .isEqualTo(START.plus(Duration.ofHours(24)).toString());

        // More gradings of the same MQL (an update, an activity) hand nothing off again.
        createLead("h1", "US", true);
        http.post("/api/leads/h1/activities", "{\"eventId\":\"a1\",\"type\":\"WEB_VISIT\",\"at\":\"" + START + "\"}");
        assertThat(http.get("/api/leads/h1/handoffs").json()).hasSize(1);
        JsonNode stored = http.get("/api/leads/h1").json();
        assertThat(stored.path("territory").asString()).isEqualTo("na");

        JsonNode events = http.get("/api/events?after=0").json();
        assertThat(events.path("events").get(0).path("type").asString()).isEqualTo("LEAD_HANDED_OFF");
        assertThat(events.path("events").get(0).path("data").path("repId").asString())
                .isEqualTo("ann");
    }

    @Test
    void a_lead_no_rule_places_goes_to_the_fallback_queue_and_a_lead_that_is_no_mql_is_not_handed_off() {
        createLead("au", "AU", true); // served market (fit A) but no APAC territory
        JsonNode handoff = http.get("/api/leads/au/handoffs").json().get(0);
        assertThat(handoff.path("territory").asString()).isEqualTo("unassigned");
        assertThat(handoff.path("fallback").asBoolean()).isTrue();
        assertThat(handoff.path("repId").isNull()).isTrue();
        assertThat(http.get("/api/handoffs?territory=unassigned").json()).hasSize(1);

        createLead("cold", "US", false);
        assertThat(http.get("/api/leads/cold/handoffs").json()).isEmpty();

        // Sales ops work the queue by hand: to a territory, and to a rep of it or whoever the round robin picks.
        String id = handoff.path("id").asString();
        Http.Response wrongRep =
                http.put("/api/handoffs/" + id + "/assignment", "{\"territory\":\"na\",\"repId\":\"eva\"}");
        assertThat(wrongRep.status()).isEqualTo(400);
        assertThat(wrongRep.json().path("errors").get(0).path("field").asString())
                .isEqualTo("repId");
        Http.Response moved = http.put("/api/handoffs/" + id + "/assignment", "{\"territory\":\"na\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().path("repId").asString()).isEqualTo("ann");
        assertThat(moved.json().path("history").toString()).contains("MOVED").contains("from unassigned to na");
        assertThat(http.get("/api/leads/au").json().path("repId").asString()).isEqualTo("ann");
        assertThat(http.get("/api/handoffs?territory=unassigned").json()).isEmpty();
    }

    @Test
    void weighted_round_robin_over_ten_thousand_leads_lands_on_the_capacity_shares() {
        ok(http.post("/api/territories", "{\"id\":\"wrr\",\"name\":\"Round robin\"}"));
        ok(http.post("/api/reps", rep("r50", "wrr", 50, null)));
        ok(http.post("/api/reps", rep("r30", "wrr", 30, null)));
        ok(http.post("/api/reps", rep("r20", "wrr", 20, null)));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            // 100 leads a day fill the three reps' daily capacity exactly.
            Instant day = START.plus(Duration.ofDays(i / 100));
            String rep = assigner.assign("wrr", day, Set.of()).orElseThrow();
            counts.merge(rep, 1, Integer::sum);
        }
        assertThat(counts.get("r50") / 10_000.0).isCloseTo(0.50, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts.get("r30") / 10_000.0).isCloseTo(0.30, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts.get("r20") / 10_000.0).isCloseTo(0.20, org.assertj.core.data.Offset.offset(0.01));
        // The day after a full day starts afresh; a 101st lead on one day finds nobody.
        assertThat(assigner.assign("wrr", START, Set.of())).isEmpty();
    }

    @Test
    void concurrent_assignments_never_give_a_slot_twice() throws Exception {
        ok(http.post("/api/territories", "{\"id\":\"busy\",\"name\":\"Busy\"}"));
        ok(http.post("/api/reps", rep("c1", "busy", 60, null)));
        ok(http.post("/api/reps", rep("c2", "busy", 40, 30)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Optional<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            calls.add(() -> assigner.assign("busy", START, Set.of()));
        }
        Map<String, Integer> counts = new HashMap<>();
        int nobody = 0;
        for (Future<Optional<String>> result : pool.invokeAll(calls)) {
            Optional<String> rep = result.get();
            if (rep.isPresent()) {
                counts.merge(rep.get(), 1, Integer::sum);
            } else {
                nobody++;
            }
        }
        pool.shutdown();
        // c1 takes 60 a day; c2 40 a day but at most 30 open: 90 slots in all, each given once.
        assertThat(counts).containsEntry("c1", 60).containsEntry("c2", 30);
        assertThat(nobody).isEqualTo(70);
        assertThat(assigner.assignedOn("c1", START)).isEqualTo(60);
        assertThat(assigner.assignedOn("c2", START)).isEqualTo(30);
        assertThat(assigner.openLeads("c2")).isEqualTo(30);
    }

    @Test
    void a_lead_without_a_disposition_turns_overdue_and_then_goes_to_another_rep() {
        createLead("late", "US", true);
        assertThat(http.get("/api/handoffs?overdue=true").json()).isEmpty();
        clock.advance(Duration.ofHours(25));
        JsonNode check = http.post("/api/handoffs/check", "").json();
        assertThat(check.path("overdue").asInt()).isEqualTo(1);
        assertThat(http.get("/api/handoffs?overdue=true").json()).hasSize(1);
        assertThat(http.get("/api/handoffs?overdue=true&status=OPEN").json()).hasSize(1);
        Http.Response closedAndOverdue = http.get("/api/handoffs?overdue=true&status=DISPOSITIONED");
        assertThat(closedAndOverdue.status()).isEqualTo(200);
        assertThat(closedAndOverdue.json()).isEmpty();

        clock.advance(Duration.ofHours(24)); // 49 h after assignment, past reassign-after (48 h in these tests)
        JsonNode second = http.post("/api/handoffs/check", "").json();
        assertThat(second.path("reassigned").asInt()).isEqualTo(1);
        JsonNode handoff = http.get("/api/leads/late/handoffs").json().get(0);
        assertThat(handoff.path("repId").asString()).isEqualTo("bob");
        assertThat(handoff.path("reassignments").asInt()).isEqualTo(1);
        assertThat(handoff.path("history").toString())
                .contains("OVERDUE")
                .contains("REASSIGNED")
                .contains("from ann");
        assertThat(http.get("/api/leads/late").json().path("territory").asString())
                .isEqualTo("na");
        assertThat(assigner.openLeads("ann")).isZero();
        assertThat(assigner.openLeads("bob")).isEqualTo(1);
        assertThat(http.get("/api/handoffs?overdue=true").json()).isEmpty();

        JsonNode disposition = http.put("/api/leads/late/disposition", "{\"code\":\"UNABLE_TO_CONNECT\"}")
                .json();
        assertThat(disposition.path("repId").asString()).isEqualTo("bob");
        clock.advance(Duration.ofHours(100));
        assertThat(http.post("/api/handoffs/check", "")
                        .json()
                        .path("reassigned")
                        .asInt())
                .isZero();
    }

    @Test
    void a_recycled_lead_counts_engagement_afresh_waits_out_its_cool_down_and_is_handed_off_again() {
        createLead("cycle", "US", false);
        activity("cycle", "p1", "PRICING_PAGE_VISIT");
        activity("cycle", "d1", "DEMO_REQUEST");
        assertThat(http.get("/api/leads/cycle").json().path("status").asString())
                .isEqualTo("HANDED_OFF");

        Http.Response recycled =
                http.put("/api/leads/cycle/disposition", "{\"code\":\"EARLY_STAGE\",\"note\":\"budget next year\"}");
        assertThat(recycled.status()).as(recycled.body()).isEqualTo(200);
        JsonNode lead = http.get("/api/leads/cycle").json();
        assertThat(lead.path("status").asString()).isEqualTo("RECYCLED");
        assertThat(lead.path("mql").asBoolean()).isFalse(); // engagement counted afresh: nothing since now
        assertThat(http.put("/api/leads/cycle/disposition", "{\"code\":\"SQO\"}")
                        .status())
                .isEqualTo(409);

        // An MQL again within the cool-down: no handoff yet.
        clock.advance(Duration.ofDays(3));
        activity("cycle", "p2", "PRICING_PAGE_VISIT");
        activity("cycle", "d2", "DEMO_REQUEST");
        assertThat(http.get("/api/leads/cycle").json().path("mql").asBoolean()).isTrue();
        assertThat(http.get("/api/leads/cycle/handoffs").json()).hasSize(1);

        // Still engaged when the 30-day cool-down ends (START + 30 days): the decay run hands it off as cycle 1.
        clock.set(START.plus(Duration.ofDays(29)));
        activity("cycle", "d3", "DEMO_REQUEST");
        activity("cycle", "p3", "PRICING_PAGE_VISIT");
        http.post("/api/engagement/decay", "");
        clock.set(START.plus(Duration.ofDays(30)).minus(Duration.ofMinutes(5)));
        http.post("/api/engagement/decay", "");
        assertThat(http.get("/api/leads/cycle/handoffs").json()).hasSize(1);
        clock.set(START.plus(Duration.ofDays(30)).plus(Duration.ofMinutes(5)));
        http.post("/api/engagement/decay", "");
        JsonNode handoffs = http.get("/api/leads/cycle/handoffs").json();
        assertThat(handoffs).hasSize(2);
        assertThat(handoffs.get(0).path("status").asString()).isEqualTo("RECYCLED");
        assertThat(handoffs.get(1).path("cycle").asInt()).isEqualTo(1);
        assertThat(http.get("/api/leads/cycle/history").body()).contains("RECYCLED");
        assertThat(http.get("/api/events?after=0").body()).contains("LEAD_RECYCLED");
    }

    @Test
    void a_lead_that_stops_being_an_mql_before_its_cool_down_ends_is_not_handed_off() {
        createLead("fade", "US", false);
        activity("fade", "p1", "PRICING_PAGE_VISIT");
        activity("fade", "d1", "DEMO_REQUEST");
        http.put("/api/leads/fade/disposition", "{\"code\":\"NO_INTEREST\"}");
        clock.advance(Duration.ofDays(1));
        activity("fade", "p2", "PRICING_PAGE_VISIT");
        activity("fade", "d2", "DEMO_REQUEST");
        assertThat(http.get("/api/leads/fade").json().path("mql").asBoolean()).isTrue();
        // Quiet for the rest of the cool-down: by its end the lead is no MQL, and nothing is handed off.
        clock.set(START.plus(Duration.ofDays(31)).plus(Duration.ofHours(1)));
        http.post("/api/engagement/decay", "");
        assertThat(http.get("/api/leads/fade").json().path("mql").asBoolean()).isFalse();
        assertThat(http.get("/api/leads/fade/handoffs").json()).hasSize(1);
    }

    @Test
    void dispositions_set_off_their_actions_and_opportunities_follow_an_sqo() {
        createLead("won", "US", true);
        createLead("bad", "DE", true);
        createLead("dup", "US", true);
        Http.Response sqo = http.put("/api/leads/won/disposition", "{\"code\":\"SQO\",\"opportunityAmount\":25000}");
        assertThat(sqo.status()).as(sqo.body()).isEqualTo(200);
        Http.Response outcome = http.put("/api/leads/won/opportunity", "{\"outcome\":\"WON\",\"amount\":27500.50}");
        assertThat(outcome.status()).as(outcome.body()).isEqualTo(200);
        assertThat(http.get("/api/leads/won/dispositions").json()).hasSize(2);
        assertThat(http.get("/api/leads/won").json().path("status").asString()).isEqualTo("DISPOSITIONED");

        assertThat(http.put("/api/leads/bad/disposition", "{\"code\":\"BAD_DATA\"}")
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/api/leads/bad").json().path("needsDataRepair").asBoolean())
                .isTrue();
        assertThat(http.get("/api/leads/bad/handoffs")
                        .json()
                        .get(0)
                        .path("repId")
                        .asString())
                .isEqualTo("eva");

        assertThat(http.put("/api/leads/dup/disposition", "{\"code\":\"DUPLICATE\",\"duplicateOf\":\"won\"}")
                        .status())
                .isEqualTo(200);
        JsonNode duplicate = http.get("/api/leads/dup").json();
        assertThat(duplicate.path("duplicateOf").asString())
                .isEqualTo(http.get("/api/leads/won").json().path("id").asString());

        String events = http.get("/api/events?after=0").body();
        assertThat(events).contains("LEAD_CONVERTED", "OPPORTUNITY_WON", "DATA_REPAIR_REQUESTED", "LEAD_DUPLICATE");
        JsonNode page = http.get("/api/events?after=0&limit=2").json();
        assertThat(page.path("events")).hasSize(2);
        assertThat(page.path("next").asLong()).isEqualTo(2);
        assertThat(http.get("/api/events?after=2&limit=1")
                        .json()
                        .path("events")
                        .get(0)
                        .path("seq")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void wrong_dispositions_and_team_changes_are_refused_with_the_reason() {
        createLead("ok", "US", true);
        createLead("cold", "US", false);
        Http.Response unknown = http.put("/api/leads/ok/disposition", "{\"code\":\"MAYBE\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errors").get(0).path("message").asString())
                .contains("SQO")
                .contains("EARLY_STAGE");

        Http.Response notHandedOff = http.put("/api/leads/cold/disposition", "{\"code\":\"SQO\"}");
        assertThat(notHandedOff.status()).isEqualTo(409);
        assertThat(notHandedOff.json().path("detail").asString()).contains("not been handed off");

        Http.Response noSurvivor = http.put("/api/leads/ok/disposition", "{\"code\":\"DUPLICATE\"}");
        assertThat(noSurvivor.status()).isEqualTo(400);
        assertThat(noSurvivor.json().path("errors").get(0).path("field").asString())
                .isEqualTo("duplicateOf");
        assertThat(http.put("/api/leads/ok/opportunity", "{\"outcome\":\"WON\"}")
                        .status())
                .isEqualTo(409);
        assertThat(http.put("/api/leads/ok/disposition", "{\"code\":\"SQO\",\"opportunityAmount\":-5}")
                        .status())
                .isEqualTo(400);
        assertThat(http.put("/api/leads/nobody/disposition", "{\"code\":\"SQO\"}")
                        .status())
                .isEqualTo(404);
        assertThat(http.get("/api/leads/ok/dispositions").json()).isEmpty();

        Http.Response badRep = http.post("/api/reps", rep("zed", "mars", 5, null));
        assertThat(badRep.status()).isEqualTo(400);
        assertThat(badRep.json().path("errors").get(0).path("field").asString()).isEqualTo("territories[0]");
        assertThat(http.post("/api/territories", "{\"id\":\"na\",\"name\":\"Again\"}")
                        .status())
                .isEqualTo(409);
        Http.Response badRegion = http.post("/api/territories", "{\"id\":\"x\",\"name\":\"X\",\"regions\":[\"MARS\"]}");
        assertThat(badRegion.status()).isEqualTo(400);
        assertThat(badRegion.body()).contains("AMER, EMEA, APAC");
        assertThat(http.post(
                                "/api/reps",
                                "{\"id\":\"zero\",\"name\":\"Z\",\"territories\":[\"na\"],\"dailyCapacity\":0}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void away_and_deactivated_reps_are_skipped() {
        ok(http.put(
                "/api/reps/ann",
                "{\"name\":\"Ann\",\"territories\":[\"na\"],\"dailyCapacity\":3," + "\"awayFrom\":\""
                        + START.minus(Duration.ofDays(1)) + "\",\"awayUntil\":\"" + START.plus(Duration.ofDays(7))
                        + "\"}"));
        createLead("a", "US", true);
        assertThat(http.get("/api/leads/a/handoffs").json().get(0).path("repId").asString())
                .isEqualTo("bob");
        ok(http.delete("/api/reps/bob"));
        createLead("b", "US", true);
        JsonNode queued = http.get("/api/leads/b/handoffs").json().get(0);
        assertThat(queued.path("repId").isNull()).isTrue();
        assertThat(queued.path("territory").asString()).isEqualTo("na");
        // Ann is back: the SLA check takes the lead from the territory's queue.
        clock.advance(Duration.ofDays(8));
        assertThat(http.post("/api/handoffs/check", "").json().path("assigned").asInt())
                .isEqualTo(1);
        assertThat(http.get("/api/leads/b/handoffs").json().get(0).path("repId").asString())
                .isEqualTo("ann");
    }

    @Test
    void concurrent_activities_profile_updates_a_re_grade_and_a_disposition_all_land() throws Exception {
        createLead("busy", "US", true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> writers = new ArrayList<>();
        writers.add(() -> {
            for (int i = 0; i < 30; i++) {
                activity("busy", "event-" + i, i % 2 == 0 ? "EMAIL_CLICK" : "WEB_VISIT");
            }
            return 30;
        });
        writers.add(() -> {
            for (int i = 0; i < 15; i++) {
                Http.Response update =
                        http.post("/api/leads", "{\"externalId\":\"busy\",\"attributes\":{\"k" + i + "\":" + i + "}}");
                assertThat(update.status()).as(update.body()).isEqualTo(200);
            }
            return 15;
        });
        writers.add(() -> {
            Http.Response disposition = http.put("/api/leads/busy/disposition", "{\"code\":\"UNABLE_TO_CONNECT\"}");
            assertThat(disposition.status()).as(disposition.body()).isEqualTo(200);
            Http.Response repair = http.put("/api/leads/busy/disposition", "{\"code\":\"BAD_DATA\"}");
            assertThat(repair.status()).as(repair.body()).isEqualTo(200);
            return 2;
        });
        writers.add(() -> {
            for (int i = 0; i < 10; i++) {
                http.post("/api/engagement/decay", "");
                clock.advance(Duration.ofMinutes(1));
            }
            return 10;
        });
        for (Future<Integer> done : pool.invokeAll(writers)) {
            done.get();
        }
        pool.shutdown();
        JsonNode lead = http.get("/api/leads/busy").json();
        long counted = 0;
        for (JsonNode type : lead.path("activities")) {
            counted += type.path("total").asLong();
        }
        assertThat(counted).as("every activity counted once").isEqualTo(30);
        for (int i = 0; i < 15; i++) {
            assertThat(lead.path("attributes").path("k" + i).asInt(-1))
                    .as("attribute k" + i)
                    .isEqualTo(i);
        }
        assertThat(lead.path("status").asString()).isEqualTo("DISPOSITIONED");
        assertThat(lead.path("needsDataRepair").asBoolean()).isTrue();
        assertThat(http.get("/api/leads/busy/dispositions").json()).hasSize(2);
        assertThat(mongo.count(new Query(), "activities")).isEqualTo(30);
    }

    private JsonNode createLead(String externalId, String country, boolean engaged) {
        String counts =
                engaged ? ",\"engagementCounts\":{\"pricingPageVisits\":1,\"formSubmissions\":1,\"webVisits\":6}" : "";
        Http.Response response = http.post(
                "/api/leads",
                "{\"externalId\":\"" + externalId + "\",\"title\":\"VP Marketing\",\"email\":\"x@acme.com\","
                        + "\"companySize\":500,\"industry\":\"Software\",\"country\":\"" + country + "\"" + counts
                        + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private void activity(String lead, String eventId, String type) {
        Http.Response response = http.post(
                "/api/leads/" + lead + "/activities",
                "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"at\":\"" + clock.instant() + "\"}");
        assertThat(response.status()).as(response.body()).isIn(200, 201);
    }

    static String rep(String id, String territory, int capacity, Integer maxOpen) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"territories\":[\"" + territory
                + "\"],\"dailyCapacity\":" + capacity + (maxOpen == null ? "" : ",\"maxOpenLeads\":" + maxOpen) + "}";
    }

    private static void ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }
}
