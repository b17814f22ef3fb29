package io.leadgrade.grading;

import io.leadgrade.grading.engine.CompiledRuleset;
import io.leadgrade.grading.engine.RulesetCompiler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Grades leads with the active ruleset and swaps in new versions safely. A candidate is compiled and must pass its
 * rule tests before it replaces the active one in a single atomic step: a grading holds the ruleset it started with
 * until it finishes, so every result names exactly one version. The ruleset in the rules folder at start must pass
 * the same checks, or the application does not start.
 */
@Service
public class GradingService implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(GradingService.class);

    private final Path folder;
    private final RulesetCompiler compiler = new RulesetCompiler();
    private final AtomicReference<CompiledRuleset> active = new AtomicReference<>();
    private final CompletableFuture<CompiledRuleset> initial;
    private final AtomicReference<RulesetActivation> lastRejection = new AtomicReference<>();
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer latency;
    private final ConcurrentMap<String, Counter> gradeCounters = new ConcurrentHashMap<>();

    GradingService(RulesProperties properties, ApplicationEventPublisher events, Clock clock, MeterRegistry meters) {
        this.folder = properties.path();
        this.events = events;
        this.clock = clock;
        this.meters = meters;
        this.latency = Timer.builder("leadgrade.grading.latency")
                .description("Time to grade one lead with the active ruleset")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        // A cold Drools build with its rule tests is the largest single step of start-up; it runs on a thread of its
        // own while the other beans are made, and start-up ends only when it passed.
        this.initial = new CompletableFuture<>();
        Thread check = new Thread(this::checkFolder, "ruleset-at-start");
        check.setDaemon(true);
        check.start();
    }

    /** The same check as every later candidate, run once for the folder's ruleset: compile, rule tests, warnings. */
    private void checkFolder() {
        try {
            RulesetCheck.Outcome outcome = RulesetCheck.run(compiler, RulesetFiles.read(folder));
            if (!outcome.problems().isEmpty()) {
                throw new RulesetCompilationException(folder.toString(), outcome.problems());
            }
            if (!outcome.failed().isEmpty()) {
                throw new RulesetCompilationException(folder + " (rule tests)", asProblems(outcome.failed()));
            }
            CompiledRuleset compiled = outcome.compiled();
            active.set(compiled);
            outcome.warnings().forEach(warning -> log.warn("Ruleset {}: {}", compiled.version(), warning));
            log.info(
                    "Ruleset {} active: {} rules from {}",
                    compiled.version(),
                    compiled.ruleCount(),
                    folder.toAbsolutePath().normalize());
            initial.complete(compiled);
        } catch (RuntimeException | Error e) {
            initial.completeExceptionally(e);
        }
    }

    /**
     * Start-up ends here: the folder's ruleset compiled and passed its tests, or the application does not start
     * (with the check's own exception, which the failure analyzers explain).
     */
    @Override
    public void afterSingletonsInstantiated() {
        awaitInitial();
    }

    /** The active ruleset; until the folder's first check finished, waits for it. */
    private CompiledRuleset ruleset() {
        CompiledRuleset ruleset = active.get();
        return ruleset != null ? ruleset : awaitInitial();
    }

    private CompiledRuleset awaitInitial() {
        try {
            return initial.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Grades a lead with the active ruleset; nothing is stored. */
    public Grading grade(LeadData lead) {
        CompiledRuleset ruleset = ruleset();
        LeadData dated = lead.asOf() == null ? lead.at(clock.instant()) : lead;
        Grading grading = latency.record(() -> ruleset.grade(dated));
        count(grading.primary());
        return grading;
    }

    /** Grades many leads in one engine session (all with the same version), much faster per lead. */
    public List<Grading> gradeAll(List<LeadData> leads) {
        Instant now = clock.instant();
        List<Grading> gradings = ruleset()
                .gradeAll(leads.stream()
                        .map(lead -> lead.asOf() == null ? lead.at(now) : lead)
                        .toList());
        gradings.forEach(grading -> count(grading.primary()));
        return gradings;
    }

    /**
     * The first UTC midnight at which time passing alone would change the lead's grades (a recency window closing,
     * a decayed value falling, a quiet spell growing), looking at most {@value #HORIZON_DAYS} days ahead; empty when
     * nothing changes in that time, or the lead has no activities. {@code current} is the grading of {@code lead} at
     * its moment.
     *
     * <p>The active ruleset grades the lead at day 1, 2, 4, ... 256 and {@value #HORIZON_DAYS} ahead in one session,
     * then every day between the last probe with the current grades and the first without. A change that reverts
     * between two probes (possible only when rules reward the passing of time) is not seen.
     */
    public Optional<Instant> nextChange(LeadData lead, Grading current) {
        if (lead.activity().isEmpty() || lead.asOf() == null) {
            return Optional.empty();
        }
        CompiledRuleset ruleset = ruleset();
        List<String> now = gradesOf(current);
        int today = ActivityDigest.dayOf(lead.asOf());
        List<Integer> probes = new ArrayList<>();
        for (int days = 1; days < HORIZON_DAYS; days *= 2) {
            probes.add(days);
        }
        probes.add(HORIZON_DAYS);
        int first = firstChange(ruleset, lead, today, probes, now);
        if (first < 0) {
            return Optional.empty();
        }
        int changedAt = probes.get(first);
        int unchangedAt = first == 0 ? 0 : probes.get(first - 1);
        List<Integer> between = new ArrayList<>();
        for (int days = unchangedAt + 1; days < changedAt; days++) {
            between.add(days);
        }
        int refined = firstChange(ruleset, lead, today, between, now);
        int days = refined < 0 ? changedAt : between.get(refined);
        return Optional.of(midnight(today + days));
    }

    /**
     * The territory the active ruleset's routing rules give a lead with this grade, among the territories given
     * (the active ones); a null territory means no rule matched.
     */
    public Routing route(LeadData lead, String grade, List<TerritoryProfile> territories) {
        return ruleset().route(lead, grade, territories);
    }

    /** How far ahead {@link #nextChange} looks, in days. */
    public static final int HORIZON_DAYS = 400;

    private static int firstChange(
            CompiledRuleset ruleset, LeadData lead, int today, List<Integer> offsets, List<String> current) {
        if (offsets.isEmpty()) {
            return -1;
        }
        List<LeadData> later =
                offsets.stream().map(days -> lead.at(midnight(today + days))).toList();
        List<Grading> graded = ruleset.gradeAll(later);
        for (int i = 0; i < graded.size(); i++) {
            if (!gradesOf(graded.get(i)).equals(current)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> gradesOf(Grading grading) {
        return grading.grades().stream().map(Grade::grade).toList();
    }

    private static Instant midnight(int epochDay) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Compiles and tests the rules folder as it is now, and activates it if it passes. */
    public RulesetActivation reload() {
        RulesetFiles files;
        try {
            files = RulesetFiles.read(folder);
        } catch (UncheckedIOException e) {
            RulesetActivation unreadable = rejection(
                    null, List.of(new RuleProblem(folder.toString(), 0, 0, e.getMessage())), List.of(), List.of(), 0);
            lastRejection.set(unreadable);
            return unreadable;
        }
        return activate(files);
    }

    /** Compiles, tests and checks a candidate without activating it. */
    public RulesetActivation validate(RulesetFiles files) {
        Candidate candidate = check(files);
        return candidate.rejection != null ? candidate.rejection : candidate.result(RulesetActivation.Status.VALID);
    }

    /**
     * The candidate with its own results written into its failing rule tests as the expected ones, for the user to
     * review (and upload, or activate, as any candidate): a change of points never needs hand-edited tests. The
     * answer carries the check of the candidate as it came (its failed tests and warnings) and of the rewritten
     * one; a candidate that does not compile gets no rewrite.
     *
     * @param files the rewritten files; null when the candidate does not compile
     * @param accepted "tests/default.yml: case: grade B1 -> A2" for every case whose expectations changed
     * @param skipped failing cases that cannot be accepted (not graded at all), with why
     * @param before the candidate's check as uploaded
     * @param after the rewritten candidate's check; null when it does not compile
     */
    public record AcceptedResults(
            RulesetFiles files,
            List<String> accepted,
            List<String> skipped,
            RulesetActivation before,
            RulesetActivation after) {}

    public AcceptedResults acceptResults(RulesetFiles files) {
        RulesetCheck.Outcome outcome = RulesetCheck.run(compiler, files);
        if (!outcome.problems().isEmpty()) {
            return new AcceptedResults(
                    null,
                    List.of(),
                    List.of(),
                    rejection(outcome.version(), outcome.problems(), List.of(), List.of(), 0),
                    null);
        }
        outcome.compiled().close();
        // The check as sent, from the same compilation (a compile is the slow part).
        RulesetActivation before = outcome.failed().isEmpty()
                ? new RulesetActivation(
                        RulesetActivation.Status.VALID,
                        outcome.version(),
                        ruleset().version(),
                        clock.instant(),
                        List.of(),
                        outcome.warnings(),
                        List.of(),
                        outcome.tests().size())
                : rejection(
                        outcome.version(),
                        List.of(),
                        outcome.warnings(),
                        outcome.failed(),
                        outcome.tests().size());
        io.leadgrade.grading.engine.RuleTestExpectations.Accepted accepted =
                io.leadgrade.grading.engine.RuleTestExpectations.accept(files, outcome.tests());
        return new AcceptedResults(
                accepted.files(), accepted.accepted(), accepted.skipped(), before, validate(accepted.files()));
    }

    /**
     * Compiles and tests a candidate ruleset (from the folder, a stored version or an upload) and activates it if
     * it passes; a candidate equal to the active version changes nothing.
     */
    public synchronized RulesetActivation activate(RulesetFiles files) {
        CompiledRuleset current = ruleset();
        String version = files.version();
        if (version.equals(current.version())) {
            return new RulesetActivation(
                    RulesetActivation.Status.UNCHANGED,
                    version,
                    version,
                    clock.instant(),
                    List.of(),
                    List.of(),
                    List.of(),
                    0);
        }
        Candidate candidate = check(files);
        if (candidate.rejection != null) {
            lastRejection.set(candidate.rejection);
            log.warn(
                    "Ruleset candidate {} rejected; {} keeps grading.{}",
                    version,
                    current.version(),
                    describe(candidate.rejection.problems(), candidate.rejection.failedTests()));
            return candidate.rejection;
        }
        active.set(candidate.compiled);
        lastRejection.set(null);
        log.info(
                "Ruleset {} active ({} rules, {} rule tests passed, {} warnings), replacing {}",
                version,
                candidate.compiled.ruleCount(),
                candidate.tests.size(),
                candidate.warnings.size(),
                current.version());
        candidate.warnings.forEach(warning -> log.warn("Ruleset {}: {}", version, warning));
        events.publishEvent(new RulesetActivated(version, current.version()));
        return candidate.result(RulesetActivation.Status.ACTIVATED);
    }

    private Candidate check(RulesetFiles files) {
        RulesetCheck.Outcome outcome = RulesetCheck.run(compiler, files);
        String version = outcome.version();
        if (!outcome.problems().isEmpty()) {
            return new Candidate(
                    version,
                    null,
                    List.of(),
                    List.of(),
                    rejection(version, outcome.problems(), List.of(), List.of(), 0));
        }
        if (!outcome.failed().isEmpty()) {
            outcome.compiled().close();
            return new Candidate(
                    version,
                    null,
                    outcome.tests(),
                    outcome.warnings(),
                    rejection(
                            version,
                            List.of(),
                            outcome.warnings(),
                            outcome.failed(),
                            outcome.tests().size()));
        }
        return new Candidate(version, outcome.compiled(), outcome.tests(), outcome.warnings(), null);
    }

    private final class Candidate {
        final String version;
        final CompiledRuleset compiled;
        final List<RuleTestResult> tests;
        final List<RuleProblem> warnings;
        final RulesetActivation rejection;

        Candidate(
                String version,
                CompiledRuleset compiled,
                List<RuleTestResult> tests,
                List<RuleProblem> warnings,
                RulesetActivation rejection) {
            this.version = version;
            this.compiled = compiled;
            this.tests = tests;
            this.warnings = warnings;
            this.rejection = rejection;
        }

        RulesetActivation result(RulesetActivation.Status status) {
            return new RulesetActivation(
                    status,
                    version,
                    status == RulesetActivation.Status.ACTIVATED
                            ? version
                            : ruleset().version(),
                    clock.instant(),
                    List.of(),
                    warnings,
                    List.of(),
                    tests.size());
        }
    }

    /**
     * A ruleset to replay history with, without activating it: the active one itself when the files are the active
     * version's, otherwise a candidate compiled and checked like any other.
     *
     * @throws RulesetRejectedException when the candidate fails its checks
     */
    public RulesetReplay replay(RulesetFiles files) {
        return replay(files, false);
    }

    /**
     * A ruleset to replay history with, as {@link #replay(RulesetFiles)}; with {@code evenIfTestsFail} a candidate
     * that compiles but fails its rule tests replays too. Trying a change of points must not wait for its tests'
     * expected values to be edited: a backtest only reads, and activation still requires passing tests.
     *
     * @throws RulesetRejectedException when the candidate does not compile (or, without {@code evenIfTestsFail},
     *     fails its rule tests)
     */
    public RulesetReplay replay(RulesetFiles files, boolean evenIfTestsFail) {
        CompiledRuleset current = ruleset();
        if (files.version().equals(current.version())) {
            return new RulesetReplay(current, false);
        }
        if (evenIfTestsFail) {
            RulesetCheck.Outcome outcome = RulesetCheck.run(compiler, files);
            if (!outcome.problems().isEmpty()) {
                throw new RulesetRejectedException(
                        rejection(outcome.version(), outcome.problems(), List.of(), List.of(), 0));
            }
            return new RulesetReplay(outcome.compiled(), true);
        }
        Candidate candidate = check(files);
        if (candidate.rejection != null) {
            throw new RulesetRejectedException(candidate.rejection);
        }
        return new RulesetReplay(candidate.compiled, true);
    }

    /**
     * Why a grade is not an MQL, by the active ruleset: points to the next letter and digit, the nearest MQL grade and
     * the rules that would add the points; null for an MQL.
     */
    public MqlGap whyNotMql(Grade grade) {
        return ruleset().whyNotMql(grade);
    }

    /** The grades the active ruleset hands off. */
    public java.util.Set<String> activeMqlGrades() {
        return ruleset().mqlGrades();
    }

    /** The files and rule names of the active ruleset. */
    public ActiveRuleset activeFiles() {
        CompiledRuleset ruleset = ruleset();
        return new ActiveRuleset(ruleset.files(), ruleset.ruleNames());
    }

    /** The content of the active ruleset: its files and the names of its rules. */
    public record ActiveRuleset(RulesetFiles files, java.util.Set<String> ruleNames) {

        public String version() {
            return files.version();
        }
    }

    public RulesetInfo activeRuleset() {
        CompiledRuleset ruleset = ruleset();
        return new RulesetInfo(ruleset.version(), ruleset.ruleCount(), lastRejection.get());
    }

    private RulesetActivation rejection(
            String version,
            List<RuleProblem> problems,
            List<RuleProblem> warnings,
            List<RuleTestResult> failed,
            int testsRun) {
        return new RulesetActivation(
                RulesetActivation.Status.REJECTED,
                version,
                ruleset().version(),
                clock.instant(),
                problems,
                warnings,
                failed,
                testsRun);
    }

    private static String describe(List<RuleProblem> problems, List<RuleTestResult> failed) {
        StringBuilder text = new StringBuilder();
        problems.forEach(problem -> text.append("\n  ").append(problem));
        failed.forEach(result -> text.append("\n  ").append(result));
        return text.toString();
    }

    private static List<RuleTestResult> failedTests(List<RuleTestResult> results) {
        return results.stream().filter(result -> !result.passed()).toList();
    }

    private static List<RuleProblem> asProblems(List<RuleTestResult> failed) {
        return failed.stream()
                .map(result -> new RuleProblem(
                        result.file(), 0, 0, "rule test \"" + result.name() + "\" failed: " + result.mismatches()))
                .toList();
    }

    private void count(Grade grade) {
        gradeCounters
                .computeIfAbsent(
                        grade.grade() + grade.tier(),
                        key -> Counter.builder("leadgrade.gradings")
                                .description("Leads graded, by primary grade and tier")
                                .tag("grade", grade.grade())
                                .tag("tier", grade.tier().name())
                                .register(meters))
                .increment();
    }

    /**
     * The version (content hash of the rules folder) and size of the active ruleset, and the last candidate that
     * was rejected since it became active, if any.
     */
    public record RulesetInfo(String version, int rules, RulesetActivation lastRejection) {}
}
