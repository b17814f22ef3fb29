package io.leadgrade.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import io.leadgrade.handoff.Handoff;
import io.leadgrade.handoff.HandoffStatus;
import io.leadgrade.support.Http;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The feedback module end to end with the real default rules. History is made as the world would make it: leads
 * graded by today's rules, the MQLs handed off, and outcomes drawn from a known truth in which managers convert
 * badly although "Manager title" gives them 15 fit points. The module must flag that rule at its line in fit.drl,
 * and a backtest of the ruleset with the rule corrected must show the better ranking and more SQOs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.springframework.context.annotation.Import(FeedbackIntegrationTests.Findings.class)
class FeedbackIntegrationTests {

    /** The findings the refreshes announce (webhooks send them as finding.raised). */
    static class Findings {
        final List<FindingRaised> raised = new java.util.concurrent.CopyOnWriteArrayList<>();

        @org.springframework.context.event.EventListener
        void on(FindingRaised finding) {
            raised.add(finding);
        }
    }

    @Autowired
    Findings findings;

    static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
    static final String[] TITLES = {
        "VP Marketing",
        "Marketing Director",
        "Marketing Manager",
        "Sales Manager",
        "Head of Growth",
        "Marketing Coordinator",
        "CMO",
        "Demand Generation Manager"
    };

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    GradingService grading;

    Http http;
    int handoffs;
    int sqos;

    @BeforeAll
    void history() {
        http = new Http(port);
        Random random = new Random(42);
        List<LeadData> leads = new ArrayList<>();
        for (int i = 0; i < 8000; i++) {
            leads.add(new LeadData(
                    "p" + i + "@example.com",
                    null,
                    null,
                    TITLES[random.nextInt(TITLES.length)],
                    "Acme " + i,
                    new int[] {40, 150, 600, 3000}[random.nextInt(4)],
                    random.nextBoolean() ? "Software" : "Retail",
                    random.nextInt(5) == 0 ? "DE" : "US",
                    null,
                    "web",
                    Map.of(),
                    new EngagementCounts(
                            random.nextInt(6), random.nextInt(10), random.nextInt(3), random.nextInt(3), 0)));
        }
        var gradings = grading.gradeAll(leads);
        String version = grading.activeRuleset().version();
        List<Handoff> stored = new ArrayList<>();
        for (int i = 0; i < leads.size(); i++) {
            Grade grade = gradings.get(i).primary();
            if (!grade.mql()) {
                continue;
            }
            LeadData lead = leads.get(i);
            String title = lead.title();
            boolean manager = title.contains("Manager");
            double logit = -1.6
                    + (title.startsWith("VP") || title.equals("CMO") ? 0.7 : 0)
                    + (title.contains("Director") || title.startsWith("Head") ? 0.5 : 0)
                    + (manager ? -1.2 : 0)
                    + (lead.companySize() >= 200 ? 0.4 : 0)
                    + (lead.engagement().pricingPageVisits() > 0 ? 0.4 : 0);
            boolean converted = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            String code = converted ? "SQO" : random.nextBoolean() ? "NO_INTEREST" : "UNABLE_TO_CONNECT";
            sqos += converted ? 1 : 0;
            Instant at = START.plusSeconds(3600L * i);
            stored.add(new Handoff(
                    "fb-" + i + ":0",
                    "fb-" + i,
                    null,
                    0,
                    at,
                    "na",
                    "fixture",
                    "AMER",
                    "MID",
                    false,
                    "ann",
                    at,
                    at.plusSeconds(86_400),
                    grade.grade(),
                    grade.tier(),
                    grade.model(),
                    version,
                    grade.explanation(),
                    null,
                    "web",
                    lead,
                    HandoffStatus.DISPOSITIONED,
                    at.plusSeconds(7200),
                    code,
                    false,
                    0,
                    List.of(),
                    null));
        }
        mongo.insert(stored, Handoff.class);
        handoffs = stored.size();
        assertThat(handoffs).isGreaterThan(1500);
    }

    @Test
    void the_over_weighted_rule_is_flagged_at_its_line_with_evidence_and_a_recommendation() throws Exception {
        JsonNode job = waitFor(http.post("/api/feedback/refresh", "").json());
        assertThat(job.path("message").asString()).contains(handoffs + " handed-off leads");
        JsonNode flags = http.get("/api/feedback/flags?current=true").json();
        JsonNode manager = find(flags, "Manager title", "OVER_WEIGHTED");
        assertThat(manager.path("file").asString()).isEqualTo("fit.drl");
        assertThat(manager.path("line").asInt()).isEqualTo(28);
        assertThat(manager.path("status").asString()).isEqualTo("OPEN");
        assertThat(manager.path("adjustedP").asDouble()).isLessThan(0.01);
        assertThat(manager.path("evidence").path("suggestedPoints").asDouble()).isLessThan(5);
        assertThat(manager.path("recommendation").asString()).startsWith("lower its points from +15 to between");
        assertThat(manager.path("summary").asString()).contains("of its", "leads converted");
        // The truth also rewards executives (+0.7 log-odds) and directors (+0.5) far beyond what the ruleset's
        // points are worth in this history, where most engagement rules are worth nothing: judged both ways, they
        // are under-weighted. Nothing else may be flagged.
        for (JsonNode flag : flags) {
            assertThat(flag.path("subject").asString() + "/" + flag.path("kind").asString())
                    .as("only what the truth planted is flagged: " + flags)
                    .isIn(
                            "Manager title/OVER_WEIGHTED",
                            "Executive title/UNDER_WEIGHTED",
                            "Director or head title/UNDER_WEIGHTED");
        }
        assertThat(manager.path("evidence").path("sameEffectFrom").asLong())
                .as("a point value beyond which nothing changes for its leads is named")
                .isBetween(-75L, 0L);

        String id = manager.path("id").asString();
        assertThat(findings.raised)
                .as("each new flag is announced once")
                .extracting(FindingRaised::id)
                .contains(id)
                .doesNotHaveDuplicates()
                .hasSize(flags.size());
        Http.Response unknown = http.put(
                "/api/feedback/flags/" + id, "{\"status\":\"RESOLVED\",\"resolvedByVersion\":\"no-such-version\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("resolvedByVersion");
        assertThat(http.put("/api/feedback/flags/" + id, "{\"status\":\"ACKNOWLEDGED\",\"note\":\"looking\"}")
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("ACKNOWLEDGED");
        waitFor(http.post("/api/feedback/refresh", "").json());
        JsonNode again = find(http.get("/api/feedback/flags").json(), "Manager title", "OVER_WEIGHTED");
        assertThat(again.path("status").asString())
                .as("a refresh keeps what people decided")
                .isEqualTo("ACKNOWLEDGED");
        assertThat(findings.raised)
                .as("a flag still current at the next refresh is not news again")
                .hasSize(flags.size());
        assertThat(http.get("/api/feedback/rules").json().path("rules").toString())
                .contains("Executive title");
    }

    @Test
    void a_backtest_of_the_corrected_rules_shows_better_ranking_and_more_sqos() throws Exception {
        Map<String, byte[]> files =
                new java.util.TreeMap<>(grading.activeFiles().files().files());
        files.keySet().removeIf(path -> path.startsWith("tests/"));
        String fit = new String(files.get("fit.drl"), StandardCharsets.UTF_8);
        int rule = fit.indexOf("rule \"Manager title\"");
        String corrected = fit.substring(0, rule)
                + fit.substring(rule).replaceFirst("addFit\\( drools, 15 \\)", "addFit( drools, -15 )");
        assertThat(corrected).isNotEqualTo(fit);
        files.put("fit.drl", corrected.getBytes(StandardCharsets.UTF_8));

        Http.Response started = http.postBytes("/api/rulesets/backtest", "application/zip", zip(files));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asString();
        JsonNode job = waitFor(started.json().path("job"));
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("COMPLETED");
        JsonNode result = http.get("/api/rulesets/backtests/" + id).json().path("result");
        assertThat(result.path("replayed").asLong()).isEqualTo(handoffs);
        assertThat(result.path("withOutcome").asLong()).isEqualTo(handoffs);
        assertThat(result.path("aucAfter").asDouble())
                .isGreaterThan(result.path("aucBefore").asDouble() + 0.01);
        assertThat(result.path("expectedSqosAfter").asDouble())
                .isGreaterThan(result.path("expectedSqosBefore").asDouble());
        assertThat(result.path("mqlConversionBefore").asDouble()).isCloseTo((double) sqos / handoffs, within(1e-12));
        assertThat(result.path("mqlAfter").asLong()).isLessThan(handoffs);
        assertThat(result.path("verdict").asString()).startsWith("better");
        assertThat(result.path("selectionBias").asString()).contains("Only leads someone handed off");
        assertThat(result.path("transitions").toString()).contains("A1");
        assertThat(result.path("money").path("revenue").asDouble()).isPositive();

        // With the rule tests it came with, which pinned the old grades and now fail, it is backtested all the same:
        // the answer names the failed tests and the static warnings; only activation needs them to pass.
        Map<String, byte[]> withTests =
                new java.util.TreeMap<>(grading.activeFiles().files().files());
        withTests.put("fit.drl", corrected.getBytes(StandardCharsets.UTF_8));
        Http.Response untested = http.postBytes("/api/rulesets/backtest", "application/zip", zip(withTests));
        assertThat(untested.status()).as(untested.body()).isEqualTo(202);
        assertThat(untested.json().path("failedTests").size()).isPositive();
        assertThat(untested.json().path("warnings").isArray()).isTrue();
        assertThat(untested.json().path("note").asString()).contains("rule tests fail: backtested anyway");
        JsonNode untestedJob = waitFor(untested.json().path("job"));
        assertThat(untestedJob.path("status").asString())
                .as(untestedJob.toString())
                .isEqualTo("COMPLETED");
        assertThat(http.get("/api/rulesets/backtests/"
                                + untested.json().path("id").asString())
                        .json()
                        .path("result")
                        .path("aucAfter")
                        .asDouble())
                .isEqualTo(result.path("aucAfter").asDouble());

        // A candidate that does not compile is refused before anything runs, with the file and line.
        files.put("fit.drl", "rule \"Broken\" when then nonsense(".getBytes(StandardCharsets.UTF_8));
        Http.Response broken = http.postBytes("/api/rulesets/backtest", "application/zip", zip(files));
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.body()).contains("fit.drl");
        assertThat(http.post("/api/rulesets/backtest", "").status()).isEqualTo(400);
        assertThat(http.post("/api/rulesets/backtest?version=nope", "").status())
                .isEqualTo(404);
    }

    @Test
    void the_tuned_candidate_lowers_the_planted_rule_and_is_validated_out_of_sample() throws Exception {
        Http.Response answer = http.get("/api/feedback/candidate");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode candidate = answer.json();
        String manager = candidate.path("changes").path("Manager title").asString();
        assertThat(manager).startsWith("+15 -> -");
        JsonNode validation = candidate.path("validation");
        assertThat(validation.path("folds").asInt()).isEqualTo(5);
        assertThat(validation.path("leads").asLong()).isEqualTo(handoffs);
        assertThat(validation.path("reason").asString()).containsPattern("^(not )?offered: out of sample");
        assertThat(validation.path("offered").asBoolean())
                .isEqualTo(validation.path("reason").asString().startsWith("offered"));
        // Written as ruleset files on the active version: the points where a person would edit them, the rule
        // tests that pinned the old grades regenerated from its own results, so it passes its checks as it comes.
        JsonNode ruleset = candidate.path("ruleset");
        assertThat(ruleset.path("baseVersion").asString())
                .isEqualTo(grading.activeRuleset().version());
        assertThat(ruleset.path("written").toString()).contains("fit.drl: Manager title +15 -> -");
        assertThat(ruleset.path("acceptedTests").size()).isPositive();
        assertThat(ruleset.path("check").path("status").asString()).isEqualTo("VALID");
        assertThat(ruleset.path("check").path("version").asString())
                .isEqualTo(ruleset.path("version").asString());
        assertThat(ruleset.path("files").propertyNames()).contains("fit.drl", "tests/default.yml");
        assertThat(ruleset.path("diff").toString()).contains("addFit( drools, -");
        Map<String, byte[]> changed = new java.util.TreeMap<>();
        ruleset.path("files")
                .properties()
                .forEach(file ->
                        changed.put(file.getKey(), file.getValue().asString().getBytes(StandardCharsets.UTF_8)));
        Http.Response backtest = http.postMultipart("/api/rulesets/backtest?base=active", changed);
        assertThat(backtest.status()).as(backtest.body()).isEqualTo(202);
        assertThat(backtest.json().path("candidateVersion").asString())
                .isEqualTo(ruleset.path("version").asString());
        assertThat(backtest.json().path("failedTests").size()).isZero();
        JsonNode backtestJob = waitFor(backtest.json().path("job"));
        assertThat(backtestJob.path("status").asString())
                .as(backtestJob.toString())
                .isEqualTo("COMPLETED");
        Http.Response wrong = http.get("/api/feedback/candidate?band=10");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("band", "10 % is 0.1");
    }

    @Test
    void the_money_report_reproduces_the_hand_calculation() {
        // 1,000 MQLs from 3 % to 9 %: 60 more SQOs (opportunities), 25 % won = 15 deals of 25,000 = 375,000;
        // 8 % commission = 30,000.
        JsonNode money =
                http.get("/api/feedback/money?volume=1000&from=0.03&to=0.09").json();
        assertThat(money.path("extraSqos").asDouble()).isCloseTo(60, within(1e-9));
        assertThat(money.path("extraWon").asDouble()).isCloseTo(15, within(1e-9));
        assertThat(money.path("revenue").decimalValue()).isEqualByComparingTo("375000.00");
        assertThat(money.path("commission").decimalValue()).isEqualByComparingTo("30000.00");
        Http.Response wrong = http.get("/api/feedback/money?volume=1000&from=3&to=9");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("\"from\"", "3 % is 0.03");
    }

    @Test
    void a_target_is_agreed_and_reported_against_baseline_and_current_in_money() throws Exception {
        waitFor(http.post("/api/reports/rollups/rebuild", "").json());
        Http.Response agreed = http.put(
                "/api/feedback/targets/q3",
                "{\"from\":\"2026-06-01\",\"to\":\"2026-09-01\",\"mqlToSqo\":0.5,"
                        + "\"baselineFrom\":\"2026-03-01\",\"baselineTo\":\"2026-06-01\"}");
        assertThat(agreed.status()).as(agreed.body()).isEqualTo(200);
        JsonNode report = http.get("/api/feedback/targets/q3/report").json();
        JsonNode current = report.path("current");
        long inPeriod = current.path("leads").asLong();
        assertThat(inPeriod).isPositive().isLessThanOrEqualTo(handoffs);
        assertThat(current.path("conversion").asDouble())
                .isCloseTo(current.path("sqo").asDouble() / inPeriod, within(1e-12));
        assertThat(report.path("baseline").path("leads").asLong()).isZero();
        assertThat(report.path("verdict").asString()).isEqualTo("below target");
        JsonNode gap = report.path("targetAgainstCurrent");
        assertThat(gap.path("extraSqos").asDouble())
                .isCloseTo(inPeriod * (0.5 - current.path("conversion").asDouble()), within(1e-6));

        Http.Response bad =
                http.put("/api/feedback/targets/q4", "{\"from\":\"2026-10-01\",\"to\":\"2026-09-01\",\"mqlToSqo\":9}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("mqlToSqo");
        assertThat(http.get("/api/feedback/targets/none/report").status()).isEqualTo(404);
    }

    private JsonNode waitFor(JsonNode job) throws InterruptedException {
        String id = job.path("id").asString();
        for (int i = 0; i < 600 && job.path("status").asString().matches("RUNNING|CANCEL_REQUESTED"); i++) {
            Thread.sleep(100);
            job = http.get("/api/jobs/" + id).json();
        }
        return job;
    }

    private static JsonNode find(JsonNode flags, String subject, String kind) {
        for (JsonNode flag : flags) {
            if (flag.path("subject").asString().equals(subject)
                    && flag.path("kind").asString().equals(kind)) {
                return flag;
            }
        }
        throw new AssertionError("no " + kind + " flag on " + subject + " in " + flags);
    }

    private static byte[] zip(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
