package io.leadgrade.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.bench.LeadGenerator;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobService;
import io.leadgrade.jobs.JobStatus;
import io.leadgrade.support.Http;
import io.leadgrade.support.RulesFolders;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Re-grading stored leads after a rule change: explicit, a background job with progress, cancel and resume. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"leadgrade.rules.watch.enabled=false", "leadgrade.jobs.regrade-batch-size=1000"})
@DirtiesContext
class RegradeIntegrationTests {

    private static final Set<String> SERVED =
            Set.of("US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "NL", "BE", "SE", "DK", "NO", "AU", "NZ");

    @TempDir
    static Path rules;

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    GradingService grading;

    @Autowired
    JobService jobs;

    @Autowired
    RegradeJob regradeJob;

    Http http;

    @DynamicPropertySource
    static void rulesFolder(DynamicPropertyRegistry registry) {
        RulesFolders.copyDefaultRules(rules);
        registry.add("leadgrade.rules.path", rules::toString);
    }

    @BeforeEach
    void clear() {
        http = new Http(port);
        // Remove documents, not collections: dropping would drop the indexes the application relies on.
        mongo.remove(new org.springframework.data.mongodb.core.query.Query(), Lead.class);
        mongo.remove(new org.springframework.data.mongodb.core.query.Query(), GradingRecord.class);
        mongo.remove(new org.springframework.data.mongodb.core.query.Query(), Job.class);
    }

    @Test
    void regradesAHundredThousandLeadsReportingProgress() throws Exception {
        long students = seed(100_000, 1).students();
        String version = changeStudentPoints(-39);

        Http.Response started = http.post("/api/rulesets/" + version + "/regrade", "");

        assertThat(started.status()).isEqualTo(202);
        String id = started.json().get("id").asString();
        Set<Long> progress = new TreeSet<>();
        JsonNode job = awaitFinished(id, progress);
        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("total").asLong()).isEqualTo(100_000);
        assertThat(job.get("processed").asLong()).isEqualTo(100_000);
        assertThat(job.get("changed").asLong()).isEqualTo(students);
        assertThat(job.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(progress).as("progress reported along the way").hasSizeGreaterThan(2);
        assertThat(ruleChanges()).isEqualTo(students);
        Document regraded = mongo.getCollection("leads")
                .find(new Document("title", "Student"))
                .first();
        assertThat(regraded.get("grading", Document.class).getString("rulesetVersion"))
                .isEqualTo(version);
    }

    @Test
    void cancelledRegradeResumesWhereItStoppedWithoutDoubleCounting() {
        int servedMarket = seed(10_000, 2).servedMarket();
        String version = changeServedMarketPoints(12);
        Job job = mongo.insert(new Job(
                "cancel-test",
                RegradeJob.TYPE,
                Map.of("version", version),
                JobStatus.RUNNING,
                10_000,
                0,
                0,
                null,
                null,
                "test",
                Instant.now().plusSeconds(60),
                Instant.now(),
                Instant.now(),
                null));
        AtomicInteger checkpoints = new AtomicInteger();
        long[] done = new long[2];
        String[] cursor = new String[1];

        regradeJob.run(job, (processed, changed, at) -> {
            done[0] += processed;
            done[1] += changed;
            cursor[0] = at;
            return checkpoints.incrementAndGet() < 3; // cancelled after the third batch
        });
        mongo.save(new Job(
                job.id(),
                job.type(),
                job.parameters(),
                JobStatus.CANCELLED,
                10_000,
                done[0],
                done[1],
                cursor[0],
                "cancelled",
                "test",
                Instant.now(),
                job.createdAt(),
                Instant.now(),
                Instant.now()));
        assertThat(done[0]).isEqualTo(3_000);

        jobs.resume(job.id());
        Job finished = awaitFinished(job.id());

        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(finished.processed()).isEqualTo(10_000);
        assertThat(finished.changed()).isEqualTo(servedMarket);
        assertThat(ruleChanges()).isEqualTo(servedMarket);
    }

    @Test
    void regradeWhoseInstanceDiedIsTakenOver() {
        int servedMarket = seed(5_000, 3).servedMarket();
        String version = changeServedMarketPoints(13);
        mongo.insert(new Job(
                "abandoned",
                RegradeJob.TYPE,
                Map.of("version", version),
                JobStatus.RUNNING,
                5_000,
                0,
                0,
                null,
                null,
                "a-dead-instance",
                Instant.now().minusSeconds(5),
                Instant.now(),
                Instant.now(),
                null));

        jobs.takeOverAbandoned();
        Job finished = awaitFinished("abandoned");

        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(finished.changed()).isEqualTo(servedMarket);
    }

    @Test
    void secondRegradeWhileOneRunsIsAConflict() {
        String version = grading.activeRuleset().version();
        mongo.insert(new Job(
                "running",
                RegradeJob.TYPE,
                Map.of("version", version),
                JobStatus.RUNNING,
                10,
                0,
                0,
                null,
                null,
                "another-instance",
                Instant.now().plusSeconds(60),
                Instant.now(),
                Instant.now(),
                null));

        Http.Response response = http.post("/api/rulesets/" + version + "/regrade", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("job").asString()).isEqualTo("running");
    }

    @Test
    void onlyTheActiveVersionRegrades() {
        Http.Response response = http.post("/api/rulesets/000000000000/regrade", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("activeVersion").asString())
                .isEqualTo(grading.activeRuleset().version());
        assertThat(http.get("/api/jobs/nope").status()).isEqualTo(404);
    }

    /** How many of the seeded leads a change of the served-market or the student rule touches. */
    record Seeded(int servedMarket, int students) {}

    /** Stores generated leads graded with the active ruleset. */
    private Seeded seed(int count, long seed) {
        LeadGenerator generator = new LeadGenerator(seed);
        Instant now = Instant.now();
        int served = 0;
        int students = 0;
        for (int start = 0; start < count; start += 10_000) {
            List<LeadData> data = generator.leads(Math.min(10_000, count - start));
            var gradings = grading.gradeAll(data);
            List<Lead> leads = new ArrayList<>(data.size());
            for (int i = 0; i < data.size(); i++) {
                LeadData d = data.get(i);
                Lead lead = new Lead("seed-" + seed + "-" + (start + i), now);
                lead.apply(
                        new LeadRequest(
                                null,
                                d.email(),
                                d.firstName(),
                                d.lastName(),
                                d.title(),
                                d.company(),
                                d.companySize(),
                                d.industry(),
                                d.country(),
                                d.productLine(),
                                d.source(),
                                d.attributes(),
                                new LeadRequest.Counts(
                                        d.engagement().emailClicks(),
                                        d.engagement().webVisits(),
                                        d.engagement().pricingPageVisits(),
                                        d.engagement().formSubmissions(),
                                        d.engagement().webinarsAttended())),
                        now);
                lead.grade(gradings.get(i), now);
                leads.add(lead);
                if (d.country() != null && SERVED.contains(d.country().trim().toUpperCase(Locale.ROOT))) {
                    served++;
                }
                if (d.title().equals("Student") || d.title().equals("Marketing Intern")) {
                    students++;
                }
            }
            mongo.insert(leads, Lead.class);
        }
        return new Seeded(served, students);
    }

    /** Points changes of at most 3 keep every letter (scores are multiples of 5, thresholds of 20). */
    private String changeServedMarketPoints(int points) {
        return changePoints("Served market", points);
    }

    private String changeStudentPoints(int points) {
        return changePoints("Student or intern", points);
    }

    private String changePoints(String rule, int points) {
        Path fit = rules.resolve("fit.drl");
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(
                        "(rule \"" + rule + "\"[\\s\\S]*?addFit\\( drools, )(-?\\d+)")
                .matcher(RulesFolders.read(fit));
        assertThat(matcher.find()).isTrue();
        RulesFolders.write(fit, matcher.replaceFirst("$1" + points));
        JsonNode reload = http.post("/api/rulesets/reload", "").json();
        assertThat(reload.get("status").asString()).isEqualTo("ACTIVATED");
        return reload.get("version").asString();
    }

    private long ruleChanges() {
        return mongo.getCollection("gradings").countDocuments(new Document("reason", "RULE_CHANGE"));
    }

    private JsonNode awaitFinished(String id, Set<Long> progress) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(900);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = http.get("/api/jobs/" + id).json();
            progress.add(job.get("processed").asLong());
            if (!job.get("status").asString().equals("RUNNING")) {
                return job;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "re-grade did not finish in 900 s (a generous bound: timing belongs in the re-grade benchmark)");
    }

    private Job awaitFinished(String id) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Job job = jobs.get(id);
            if (job.status() != JobStatus.RUNNING) {
                return job;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + id + " did not finish in 60 s");
    }
}
