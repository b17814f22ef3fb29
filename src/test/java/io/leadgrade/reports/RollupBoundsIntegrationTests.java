package io.leadgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import io.leadgrade.LeadGradeApplication;
import io.leadgrade.grading.Tier;
import io.leadgrade.handoff.Handoff;
import io.leadgrade.handoff.HandoffChanged;
import io.leadgrade.handoff.HandoffStatus;
import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobService;
import io.leadgrade.jobs.JobStatus;
import io.leadgrade.store.EmbeddedMongoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The rollups' bounds and repairs: free-text values grouped by their normalised key and shown with their first
 * spelling; at most {@code max-groups-per-dimension} groups (here 5) per dimension, the rest in "(other)", in every
 * document; a failed increment repaired by a rebuild; a rebuild that fails midway leaving the reports as they were;
 * and two instances that find the rollups missing at the same moment rebuilding them once.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "leadgrade.rules.watch.enabled=false",
            "leadgrade.reports.max-groups-per-dimension=5",
            "leadgrade.reports.repair-interval=1h"
        })
@DirtiesContext
class RollupBoundsIntegrationTests {

    static final Instant DAY = Instant.parse("2026-03-10T10:00:00Z");
    static final ReportFilter ALL = new ReportFilter(null, null, null, null, null, null);

    @Autowired
    MongoTemplate mongo;

    @Autowired
    Rollups rollups;

    @Autowired
    GroupValues groups;

    @Autowired
    HandoffScan scan;

    @Autowired
    RollupRebuildJob rebuildJob;

    @Autowired
    JobService jobs;

    @Autowired
    ObjectProvider<EmbeddedMongoServer> store;

    /** Where a second instance connects: the store this context runs on (the MongoDB twin names its container). */
    String storeUri() {
        return store.getObject().connectionString("leadgrade");
    }

    int sequence;

    @BeforeEach
    void empty() {
        rollups.flush();
        for (String collection :
                List.of("handoffs", "jobs", Rollups.COLLECTION, GroupValues.COLLECTION, RebuildLock.COLLECTION)) {
            mongo.remove(new Query(), collection);
        }
        groups.forget();
    }

    @Test
    void sources_differing_in_case_and_spaces_are_one_group_shown_as_first_spelled() {
        for (String source : List.of("Google", " google ", "GOOGLE", "Google   Ads", "google ads", "Google")) {
            stored(handoff("analytics", source));
        }

        Map<String, Long> bySource = leadsPer(Grouping.SOURCE, ALL);
        assertThat(bySource).containsExactly(Map.entry("Google", 4L), Map.entry("Google Ads", 2L));
        assertThat(rollups.read(Grouping.MONTH, new ReportFilter(null, null, null, null, null, "  GOOGLE "))
                        .total()
                        .leads())
                .isEqualTo(4);
        assertThat(mongo.findDistinct(new Query(), "source", Handoff.class, String.class))
                .as("the handoffs keep what was sent")
                .contains(" google ", "GOOGLE", "Google   Ads");
    }

    @Test
    void values_past_the_limit_go_to_other_and_no_document_holds_more_groups() {
        for (int i = 1; i <= 12; i++) {
            stored(handoff(String.format("line %02d", i), "web"));
        }
        stored(handoff("line 01", "web"));
        stored(handoff("line 12", "web"));

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("(other)", 8L);
        expected.put("line 01", 2L);
        for (int i = 2; i <= 5; i++) {
            expected.put(String.format("line %02d", i), 1L);
        }
        assertThat(leadsPer(Grouping.PRODUCT_LINE, ALL)).isEqualTo(expected);
        assertThat(rollups.read(Grouping.SOURCE, new ReportFilter(null, null, null, null, "line 11", null))
                        .groups())
                .as("a filter on a value past the limit reads (other)")
                .containsOnlyKeys("web")
                .allSatisfy((source, totals) -> assertThat(totals.leads()).isEqualTo(8));
        assertBounded(6);

        assertThat(rollups.rebuild(read -> true)).isEqualTo(14);
        assertThat(leadsPer(Grouping.PRODUCT_LINE, ALL)).isEqualTo(expected);
        assertThat(rollups.read(Grouping.PRODUCT_LINE, ALL)).isEqualTo(scan.read(Grouping.PRODUCT_LINE, ALL));
        assertBounded(6);
    }

    @Test
    void a_failed_increment_is_repaired_by_a_rebuild_not_only_logged() {
        List<Handoff> stored = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            stored.add(handoff("analytics", "web"));
        }
        mongo.insert(stored, Handoff.class);
        assertThat(rollups.rebuild(read -> true)).isEqualTo(10);
        // The document the next increment goes to can no longer take it ($inc into a string fails).
        String target =
                rollups.generation().prefix() + Rollups.sectionId(Rollups.id("D|2026-03-10", 0, List.of()), 't');
        mongo.getCollection(Rollups.COLLECTION)
                .replaceOne(new Document("_id", target), new Document("_id", target).append("g", "broken"));

        stored(handoff("analytics", "web"));
        rollups.flush();
        assertThat(rollups.failedWrites()).isEqualTo(1);
        assertThat(rollups.needRepair()).isTrue();

        rebuildJob.repairWhenNeeded();
        Job repair = awaitFinished(jobs.running(RollupRebuildJob.TYPE).orElseThrow());
        assertThat(repair.message()).startsWith("rebuilt from 11 handoffs");
        assertThat(rollups.needRepair()).isFalse();
        assertThat(rollups.read(Grouping.DAY, ALL).total().leads()).isEqualTo(11);
    }

    @Test
    void totals_documents_of_the_earlier_layout_are_deleted_and_reports_read_without_them() {
        for (int i = 0; i < 6; i++) {
            stored(handoff(i % 2 == 0 ? "analytics" : "crm", "web"));
        }
        rollups.flush();
        String generation = rollups.generation().prefix();
        var collection = mongo.getCollection(Rollups.COLLECTION);
        assertThat(collection.countDocuments(Filters.regex("_id", "^" + generation + "[DM]\\|")))
                .as("no totals documents are written")
                .isZero();
        // As an earlier version left them: one a day and one a month, holding a wrong count nobody may read.
        for (String id : List.of(Rollups.id("D|2026-03-10", 0, List.of()), Rollups.id("M|2026-03", 0, List.of()))) {
            collection.insertOne(new Document("_id", generation + id)
                    .append(
                            "g",
                            new Document("x", new Document("*", new Document("c", new Document("A1|HIGH|-", 99L))))));
        }
        long documents = collection.countDocuments();
        assertThat(rollups.read(Grouping.MONTH, ALL).total().leads())
                .as("reports do not read them")
                .isEqualTo(6);

        assertThat(rollups.dropTotalsDocuments()).isEqualTo(2);
        assertThat(collection.countDocuments()).isEqualTo(documents - 2);
        assertThat(rollups.read(Grouping.MONTH, ALL).total().leads()).isEqualTo(6);
        assertThat(rollups.read(Grouping.DAY, ALL)).isEqualTo(scan.read(Grouping.DAY, ALL));
        assertThat(rollups.read(Grouping.PRODUCT_LINE, ALL)).isEqualTo(scan.read(Grouping.PRODUCT_LINE, ALL));
    }

    @Test
    void a_rebuild_that_fails_midway_leaves_the_reports_as_they_were() {
        List<Handoff> stored = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            stored.add(handoff(i % 2 == 0 ? "analytics" : "crm", "web"));
        }
        mongo.insert(stored, Handoff.class);
        assertThat(rollups.rebuild(read -> true)).isEqualTo(10);
        Cube before = rollups.read(Grouping.PRODUCT_LINE, ALL);
        Rollups.Generation generation = rollups.generation();
        mongo.insert(List.of(handoff("analytics", "web"), handoff("analytics", "web")), Handoff.class);

        int[] calls = {0};
        assertThatThrownBy(() -> rollups.rebuild(read -> {
                    if (++calls[0] == 12) { // while the new documents are being written
                        throw new IllegalStateException("the store went away");
                    }
                    return true;
                }))
                .hasMessage("the store went away");

        assertThat(rollups.generation()).isEqualTo(generation);
        assertThat(rollups.read(Grouping.PRODUCT_LINE, ALL)).isEqualTo(before);
        assertThat(before.total().leads()).isEqualTo(10);
        assertThat(rollups.rebuild(read -> true))
                .as("the next rebuild succeeds")
                .isEqualTo(12);
        assertThat(rollups.read(Grouping.PRODUCT_LINE, ALL).total().leads()).isEqualTo(12);
    }

    @Test
    void two_instances_finding_the_rollups_missing_together_rebuild_them_once() throws Exception {
        List<Handoff> stored = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stored.add(handoff("analytics", "web"));
        }
        mongo.insert(stored, Handoff.class);
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(LeadGradeApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.mongodb.uri=" + storeUri(),
                        "--leadgrade.rules.watch.enabled=false",
                        "--leadgrade.reports.max-groups-per-dimension=5",
                        "--leadgrade.reports.repair-interval=1h")) {
            JobService otherJobs = other.getBean(JobService.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> jobs.running(RollupRebuildJob.TYPE).isEmpty());
            mongo.remove(new Query(), Rollups.COLLECTION); // as on a store whose rollups were never built
            mongo.remove(new Query(), "jobs");

            // Both passed their start-up check ("handoffs exist, rollups do not") at the same moment.
            CountDownLatch go = new CountDownLatch(1);
            Map<String, String> reason = Map.of("reason", RollupRebuildJob.MISSING);
            CompletableFuture<Job> here = CompletableFuture.supplyAsync(() -> {
                awaitLatch(go);
                return jobs.start(RollupRebuildJob.TYPE, reason);
            });
            CompletableFuture<Job> there = CompletableFuture.supplyAsync(() -> {
                awaitLatch(go);
                return otherJobs.start(RollupRebuildJob.TYPE, reason);
            });
            go.countDown();
            List<String> messages = List.of(
                    awaitFinished(here.get()).message(),
                    awaitFinished(there.get()).message());

            assertThat(messages.stream().filter(message -> message.startsWith("rebuilt from 50 handoffs")))
                    .as(messages.toString())
                    .hasSize(1);
            assertThat(messages.stream().filter(message -> message.endsWith("nothing done here")))
                    .hasSize(1);
            assertThat(rollups.read(Grouping.DAY, ALL).total().leads()).isEqualTo(50);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Job awaitFinished(Job job) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> jobs.get(job.id()),
                        seen -> seen.status() != JobStatus.RUNNING && seen.status() != JobStatus.CANCEL_REQUESTED);
    }

    /** Every document holding a dimension's groups holds at most {@code most} of them. */
    private void assertBounded(int most) {
        int documents = 0;
        for (Document document : mongo.getCollection(Rollups.COLLECTION).find()) {
            if (document.get("g") instanceof Document sections) {
                for (char dimension : Rollups.DIMENSIONS) {
                    Document values = sections.get(String.valueOf(dimension), Document.class);
                    if (values != null) {
                        documents++;
                        assertThat(values.size()).as(document.getString("_id")).isLessThanOrEqualTo(most);
                    }
                }
            }
        }
        assertThat(documents).isPositive();
        assertThat(mongo.count(Query.query(Criteria.where("_id").regex("^p\\|")), GroupValues.COLLECTION))
                .isEqualTo(5);
    }

    private Map<String, Long> leadsPer(Grouping grouping, ReportFilter filter) {
        Map<String, Long> leads = new LinkedHashMap<>();
        rollups.read(grouping, filter).groups().forEach((group, totals) -> leads.put(group, totals.leads()));
        return leads;
    }

    /** Stores a new handoff and tells the rollups, as the handoff module does. */
    private void stored(Handoff handoff) {
        mongo.insert(handoff);
        changed(handoff);
    }

    private void changed(Handoff handoff) {
        rollups.onChanged(new HandoffChanged(null, handoff));
    }

    private Handoff handoff(String productLine, String source) {
        String id = "bound-" + (++sequence) + ":0";
        return new Handoff(
                id,
                id.substring(0, id.length() - 2),
                null,
                0,
                DAY,
                "east",
                "fixture",
                "AMER",
                "MID",
                false,
                "ann",
                DAY,
                DAY.plusSeconds(86_400),
                "A1",
                Tier.HIGH,
                "default",
                "v1",
                List.of(),
                productLine,
                source,
                null,
                HandoffStatus.OPEN,
                null,
                null,
                false,
                0,
                List.of(),
                null);
    }
}
