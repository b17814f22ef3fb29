package io.leadgrade.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.RulesFolders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradingServiceTests {

    private static final LeadData PARTNER_LEAD = new LeadData(
            "ann@acme.com",
            null,
            null,
            "VP Marketing",
            null,
            500,
            "Software",
            "US",
            null,
            null,
            Map.of("partner", "yes"),
            null);

    @TempDir
    Path rules;

    private final List<RulesetActivated> published = new CopyOnWriteArrayList<>();
    private GradingService grading;

    @BeforeEach
    void startOnACopyOfTheDefaultRules() {
        RulesFolders.copyDefaultRules(rules);
        grading = new GradingService(
                new RulesProperties(rules),
                event -> published.add((RulesetActivated) event),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    @Test
    void validEditIsActivatedAndGradesWithTheNewVersion() throws IOException {
        String before = grading.activeRuleset().version();
        Files.writeString(rules.resolve("partner.drl"), RulesFolders.PARTNER_RULE);

        RulesetActivation activation = grading.reload();

        assertThat(activation.status()).isEqualTo(RulesetActivation.Status.ACTIVATED);
        assertThat(activation.testsRun()).isGreaterThanOrEqualTo(16);
        assertThat(activation.version())
                .isNotEqualTo(before)
                .isEqualTo(grading.activeRuleset().version());
        Grading graded = grading.grade(PARTNER_LEAD);
        assertThat(graded.rulesetVersion()).isEqualTo(activation.version());
        assertThat(graded.primary().fitScore()).isEqualTo(90 + 5);
        assertThat(graded.primary().explanation())
                .extracting(Contribution::rule)
                .contains("Partner referral");
        assertThat(published).containsExactly(new RulesetActivated(activation.version(), before));
    }

    @Test
    void reloadWithoutChangesLeavesTheVersionAlone() {
        RulesetActivation activation = grading.reload();

        assertThat(activation.status()).isEqualTo(RulesetActivation.Status.UNCHANGED);
        assertThat(published).isEmpty();
    }

    @Test
    void brokenEditIsRejectedWithFileAndLineWhileTheOldVersionKeepsGrading() throws IOException {
        String before = grading.activeRuleset().version();
        RulesFolders.replaceIn(rules.resolve("fit.drl"), "$card.addFit( drools, 30 );", "$card.addFit( drools, 30 ;");

        RulesetActivation activation = grading.reload();

        assertThat(activation.status()).isEqualTo(RulesetActivation.Status.REJECTED);
        assertThat(activation.activeVersion()).isEqualTo(before);
        assertThat(activation.problems()).first().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("fit.drl");
            assertThat(problem.line()).isPositive();
        });
        assertThat(grading.grade(PARTNER_LEAD).rulesetVersion()).isEqualTo(before);
        assertThat(grading.activeRuleset().lastRejection()).isEqualTo(activation);
        assertThat(published).isEmpty();
    }

    @Test
    void candidateThatFailsItsRuleTestsIsRejectedShowingExpectedAndActual() {
        String before = grading.activeRuleset().version();
        RulesFolders.replaceIn(rules.resolve("fit.drl"), "$card.addFit( drools, 10 );", "$card.addFit( drools, -50 );");

        RulesetActivation activation = grading.reload();

        assertThat(activation.status()).isEqualTo(RulesetActivation.Status.REJECTED);
        assertThat(activation.problems()).isEmpty();
        assertThat(activation.failedTests()).isNotEmpty();
        assertThat(activation.failedTests().get(0).mismatches())
                .anyMatch(m -> m.contains("expected") && m.contains("got"));
        assertThat(grading.activeRuleset().version()).isEqualTo(before);
    }

    @Test
    void eightThreadsGradingDuringFiftyReloadsNeverFailNorMixVersions() throws Exception {
        String without = grading.activeRuleset().version();
        Path partner = rules.resolve("partner.drl");
        Files.writeString(partner, RulesFolders.PARTNER_RULE);
        String with = grading.reload().version();
        Map<String, Integer> expectedFitScore = Map.of(without, 90, with, 95);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Integer>> graders = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            graders.add(threads.submit(() -> {
                int graded = 0;
                while (!stop.get()) {
                    Grading result = grading.grade(PARTNER_LEAD);
                    // The version named in the result is the one whose rules produced it.
                    assertThat(result.primary().fitScore()).isEqualTo(expectedFitScore.get(result.rulesetVersion()));
                    seen.add(result.rulesetVersion());
                    graded++;
                }
                return graded;
            }));
        }
        for (int reload = 0; reload < 50; reload++) {
            if (reload % 2 == 0) {
                Files.delete(partner);
            } else {
                Files.writeString(partner, RulesFolders.PARTNER_RULE);
            }
            assertThat(grading.reload().status()).isEqualTo(RulesetActivation.Status.ACTIVATED);
        }
        stop.set(true);
        int total = 0;
        for (Future<Integer> grader : graders) {
            total += grader.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(total).isGreaterThan(50);
        assertThat(seen).containsExactlyInAnyOrder(without, with);
        assertThat(published).hasSize(51);
    }
}
