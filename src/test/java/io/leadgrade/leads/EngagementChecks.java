package io.leadgrade.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.grading.ActivityDigest;
import io.leadgrade.support.Http;
import io.leadgrade.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * Engagement from recorded activities, with the application's clock under the test's control: windows close,
 * values decay, the decay run re-grades exactly the leads that came due, and the history says why. Run against
 * the embedded store and, where Docker runs, real MongoDB.
 */
abstract class EngagementChecks {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    MongoTemplate mongo;

    Http http;

    @BeforeEach
    void reset() {
        http = new Http(port);
        clock.set(START);
        for (Class<?> type : List.of(Lead.class, GradingRecord.class, Activity.class)) {
            mongo.remove(new Query(), type);
        }
    }

    @Test
    void a_quiet_lead_drifts_from_A1_to_A4_and_a_pricing_visit_brings_it_back() {
        createVp("drift-1");
        record("drift-1", "e1", "PRICING_PAGE_VISIT", START);
        for (int i = 0; i < 4; i++) {
            record("drift-1", "c" + i, "EMAIL_CLICK", START);
        }
        for (int i = 0; i < 3; i++) {
            record("drift-1", "v" + i, "WEB_VISIT", START);
        }
        assertThat(lead("drift-1").path("grade").asString()).isEqualTo("A1");

        List<String> seen = new ArrayList<>();
        for (int week = 1; week <= 8; week++) {
            clock.advance(Duration.ofDays(7));
            http.post("/api/engagement/decay", "");
            seen.add(lead("drift-1").path("grade").asString());
        }
        // rules/tests/default.yml has the arithmetic: day 7 and 14 still 1; from day 20 the decayed value is below 3
        // -> 2; from day 30 the 30-day windows are closed -> 3; from day 43 the decayed value is below 1 -> 4.
        assertThat(seen).containsExactly("A1", "A1", "A2", "A2", "A3", "A3", "A4", "A4");

        Http.Response back = record("drift-1", "e2", "PRICING_PAGE_VISIT", clock.instant());
        assertThat(back.json().path("lead").path("grade").asString()).isEqualTo("A1");

        List<JsonNode> history = history("drift-1");
        assertThat(history.stream()
                        .map(entry -> entry.path("reason").asString() + ":"
                                + entry.path("grade").asString()))
                .containsSubsequence("NEW_LEAD:A4", "ACTIVITY:A1", "DECAY:A2", "DECAY:A3", "DECAY:A4", "ACTIVITY:A1");
        JsonNode firstDecay = history.stream()
                .filter(entry -> entry.path("reason").asString().equals("DECAY"))
                .findFirst()
                .orElseThrow();
        assertThat(firstDecay.path("previousGrade").asString()).isEqualTo("A1");
        assertThat(firstDecay.path("at").asString()).startsWith("2026-03-23");
        assertThat(firstDecay.path("grades").get(0).path("explanation").toString())
                .contains("Recent activity (decayed 1 to 3)");
    }

    @Test
    void the_decay_run_reads_only_the_leads_that_came_due() {
        for (int i = 0; i < 30; i++) {
            createVp("plain-" + i);
        }
        createVp("active");
        record("active", "p1", "PRICING_PAGE_VISIT", START);
        // One pricing visit: 25 + 20 + 10 (decayed 1.0) = 55 -> A1. The next day it has decayed to 0.95, below the
        // table's first row: 45 -> A2. That day is planned when the lead is graded, not searched for later.
        assertThat(lead("active").path("grade").asString()).isEqualTo("A1");
        Instant reviewAt = Instant.parse(lead("active").path("nextReviewAt").asString());
        assertThat(reviewAt).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(lead("plain-0").path("nextReviewAt").isNull()).isTrue();

        clock.set(reviewAt.minus(Duration.ofHours(1)));
        JsonNode early = http.post("/api/engagement/decay", "").json();
        assertThat(early.path("checked").asInt()).isZero();

        clock.set(reviewAt.plus(Duration.ofMinutes(10)));
        JsonNode due = http.post("/api/engagement/decay", "").json();
        assertThat(due.path("checked").asInt()).isEqualTo(1);
        assertThat(due.path("changed").asInt()).isEqualTo(1);
        assertThat(lead("active").path("grade").asString()).isEqualTo("A2");
        JsonNode again = http.post("/api/engagement/decay", "").json();
        assertThat(again.path("checked").asInt()).isZero();
    }

    @Test
    void replaying_the_same_events_changes_nothing() {
        createVp("replay");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(batchItem("replay", "r" + i, "EMAIL_CLICK", START.minus(Duration.ofHours(i))));
        }
        String body = "{\"activities\":[" + String.join(",", events) + "]}";
        JsonNode first = http.post("/api/activities", body).json();
        assertThat(first.get(0).path("recorded").asInt()).isEqualTo(5);
        JsonNode before = lead("replay");
        int historyBefore = history("replay").size();

        JsonNode second = http.post("/api/activities", body).json();
        assertThat(second.get(0).path("recorded").asInt()).isZero();
        assertThat(second.get(0).path("duplicates")).hasSize(5);
        Http.Response single = record("replay", "r0", "EMAIL_CLICK", START);
        assertThat(single.status()).isEqualTo(200);

        JsonNode after = lead("replay");
        assertThat(after.path("activities").get(0).path("total").asInt()).isEqualTo(5);
        assertThat(after.path("engagementScore")).isEqualTo(before.path("engagementScore"));
        assertThat(history("replay")).hasSize(historyBefore);
        assertThat(mongo.count(new Query(), Activity.class)).isEqualTo(5);
    }

    @Test
    void an_event_stored_but_never_counted_is_counted_once_when_sent_again() {
        createVp("crash");
        String leadId = lead("crash").path("id").asString();
        // What a crash between storing the event and updating the lead leaves behind.
        mongo.insert(new Activity(
                Activity.idOf(leadId, "lost"),
                leadId,
                "lost",
                "PRICING_PAGE_VISIT",
                START,
                java.util.Map.of(),
                START,
                false));
        Http.Response resent = record("crash", "lost", "PRICING_PAGE_VISIT", START);
        assertThat(resent.status()).isEqualTo(201);
        assertThat(resent.json()
                        .path("lead")
                        .path("activities")
                        .get(0)
                        .path("total")
                        .asInt())
                .isEqualTo(1);
        assertThat(record("crash", "lost", "PRICING_PAGE_VISIT", START)
                        .json()
                        .path("recorded")
                        .asInt())
                .isZero();
        assertThat(lead("crash").path("activities").get(0).path("total").asInt())
                .isEqualTo(1);
    }

    @Test
    void ten_thousand_events_for_one_lead_become_a_summary_of_days() {
        createVp("busy");
        for (int batch = 0; batch < 10; batch++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = batch * 1000 + i;
                // Spread over 500 days: older days fall out of the per-day counts but stay in the total.
                Instant at = START.minus(Duration.ofHours(n * 12L / 10));
                events.add(batchItem("busy", "b" + n, n % 2 == 0 ? "WEB_VISIT" : "EMAIL_OPEN", at));
            }
            Http.Response response =
                    http.post("/api/activities", "{\"activities\":[" + String.join(",", events) + "]}");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        Lead stored = mongo.findOne(
                Query.query(org.springframework.data.mongodb.core.query.Criteria.where("externalId")
                        .is("busy")),
                Lead.class);
        assertThat(stored.getActivity().of("WEB_VISIT").total()).isEqualTo(5000);
        assertThat(stored.getActivity().of("EMAIL_OPEN").total()).isEqualTo(5000);
        // The engine sees at most one count per type and day, not 10,000 events.
        for (ActivityDigest.TypeHistory type : stored.getActivity().types()) {
            assertThat(type.days().size()).isLessThanOrEqualTo(ActivityDigest.RETENTION_DAYS);
        }
        // 5 + 10 (web visits in 30 days) + 25 (decayed far above 6) = 40 -> 2; opens earn nothing in these rules.
        assertThat(stored.getGrading().primary().engagementScore()).isEqualTo(40);
        assertThat(stored.getGrade()).isEqualTo("A2");
    }

    @Test
    void as_of_answers_the_grade_the_lead_had_at_that_moment() {
        createVp("asof");
        Instant created = clock.instant();
        clock.advance(Duration.ofHours(2));
        record("asof", "d1", "DEMO_REQUEST", clock.instant());
        record("asof", "p1", "PRICING_PAGE_VISIT", clock.instant());
        clock.advance(Duration.ofDays(40));
        http.post("/api/engagement/decay", "");

        assertThat(http.get("/api/leads/asof?asOf=" + created.plusSeconds(60))
                        .json()
                        .path("grade")
                        .asString())
                .isEqualTo("A4");
        JsonNode hot = http.get("/api/leads/asof?asOf=" + created.plus(Duration.ofDays(1)))
                .json();
        assertThat(hot.path("grade").asString()).isEqualTo("A1");
        assertThat(hot.path("explanation").toString()).contains("Requested a demo");
        assertThat(lead("asof").path("grade").asString()).isNotEqualTo("A1");
        Http.Response before = http.get("/api/leads/asof?asOf=2020-01-01T00:00:00Z");
        assertThat(before.status()).isEqualTo(404);
        assertThat(http.get("/api/leads/asof?asOf=yesterday").status()).isEqualTo(400);
    }

    @Test
    void wrong_events_are_refused_with_the_field_and_what_is_allowed_and_nothing_is_stored() {
        createVp("strict");
        Http.Response badType = http.post(
                "/api/leads/strict/activities",
                "{\"eventId\":\"x1\",\"type\":\"PRICNG_PAGE\",\"at\":\"" + START + "\"}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.contentType()).contains("application/problem+json");
        assertThat(badType.json().path("errors").get(0).path("field").asString())
                .isEqualTo("type");
        assertThat(badType.json().path("errors").get(0).path("message").asString())
                .contains("PRICING_PAGE_VISIT");

        Http.Response future = record("strict", "x2", "EMAIL_CLICK", START.plus(Duration.ofHours(1)));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().path("errors").get(0).path("field").asString()).isEqualTo("at");

        Http.Response missing = http.post("/api/leads/strict/activities", "{\"type\":\"EMAIL_CLICK\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("eventId").contains("at");

        Http.Response unknownLead = record("nobody", "x3", "EMAIL_CLICK", START);
        assertThat(unknownLead.status()).isEqualTo(404);

        String batch = "{\"activities\":[" + batchItem("strict", "y1", "EMAIL_CLICK", START) + ","
                + batchItem("ghost", "y2", "EMAIL_CLICK", START) + "]}";
        Http.Response mixed = http.post("/api/activities", batch);
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().path("errors").get(0).path("field").asString())
                .isEqualTo("activities[1].leadExternalId");

        assertThat(mongo.count(new Query(), Activity.class)).isZero();
        assertThat(lead("strict").path("activities")).isEmpty();
    }

    @Test
    void custom_types_are_recorded_and_listed_newest_first() {
        createVp("custom");
        record("custom", "t1", "custom:trial_started", START.minus(Duration.ofDays(2)));
        record("custom", "t2", "Email_Click", START);
        JsonNode listed = http.get("/api/leads/custom/activities").json();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("type").asString()).isEqualTo("EMAIL_CLICK");
        assertThat(listed.get(1).path("type").asString()).isEqualTo("custom:trial_started");
    }

    private void createVp(String externalId) {
        Http.Response created = http.post(
                "/api/leads",
                "{\"externalId\":\"" + externalId + "\",\"title\":\"VP Marketing\",\"email\":\"ann@acme.com\","
                        + "\"companySize\":500,\"industry\":\"Software\",\"country\":\"US\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
    }

    private Http.Response record(String lead, String eventId, String type, Instant at) {
        return http.post(
                "/api/leads/" + lead + "/activities",
                "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"at\":\"" + at + "\"}");
    }

    private static String batchItem(String lead, String eventId, String type, Instant at) {
        return "{\"leadExternalId\":\"" + lead + "\",\"eventId\":\"" + eventId + "\",\"type\":\"" + type
                + "\",\"at\":\"" + at + "\"}";
    }

    private JsonNode lead(String externalId) {
        return http.get("/api/leads/" + externalId).json();
    }

    private List<JsonNode> history(String externalId) {
        List<JsonNode> entries = new ArrayList<>();
        http.get("/api/leads/" + externalId + "/history").json().forEach(entries::add);
        return entries;
    }
}
