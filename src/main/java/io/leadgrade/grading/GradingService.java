package io.leadgrade.grading;

import io.leadgrade.grading.engine.CompiledRuleset;
import io.leadgrade.grading.engine.RuleTests;
import io.leadgrade.grading.engine.RulesetCompiler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Grades leads with the active ruleset and swaps in new versions safely. A candidate is compiled and must pass its
 * rule tests before it replaces the active one in a single atomic step: a grading holds the ruleset it started with
 * until it finishes, so every result names exactly one version. The ruleset in the rules folder at start must pass
 * the same checks, or the application does not start.
 */
@Service
public class GradingService {

    private static final Logger log = LoggerFactory.getLogger(GradingService.class);

    private final Path folder;
    private final RulesetCompiler compiler = new RulesetCompiler();
    private final AtomicReference<CompiledRuleset> active = new AtomicReference<>();
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
        RulesetFiles files = RulesetFiles.read(folder);
        CompiledRuleset initial = compiler.compile(folder.toString(), files);
        List<RuleTestResult> failed = failedTests(RuleTests.run(initial, files));
        if (!failed.isEmpty()) {
            throw new RulesetCompilationException(folder + " (rule tests)", asProblems(failed));
        }
        active.set(initial);
        log.info(
                "Ruleset {} active: {} rules from {}",
                initial.version(),
                initial.ruleCount(),
                folder.toAbsolutePath().normalize());
    }

    /** Grades a lead with the active ruleset; nothing is stored. */
    public Grading grade(LeadData lead) {
        CompiledRuleset ruleset = active.get();
        Grading grading = latency.record(() -> ruleset.grade(lead));
        count(grading.primary());
        return grading;
    }

    /** Grades many leads in one engine session (all with the same version), much faster per lead. */
    public List<Grading> gradeAll(List<LeadData> leads) {
        List<Grading> gradings = active.get().gradeAll(leads);
        gradings.forEach(grading -> count(grading.primary()));
        return gradings;
    }

    /** Compiles and tests the rules folder as it is now, and activates it if it passes. */
    public RulesetActivation reload() {
        RulesetFiles files;
        try {
            files = RulesetFiles.read(folder);
        } catch (UncheckedIOException e) {
            return reject(null, List.of(new RuleProblem(folder.toString(), 0, 0, e.getMessage())), List.of(), 0);
        }
        return activate(files);
    }

    /**
     * Compiles and tests a candidate ruleset (from the folder, a stored version or an upload) and activates it if
     * it passes; a candidate equal to the active version changes nothing.
     */
    public synchronized RulesetActivation activate(RulesetFiles files) {
        CompiledRuleset current = active.get();
        String version = files.version();
        if (version.equals(current.version())) {
            return new RulesetActivation(
                    RulesetActivation.Status.UNCHANGED, version, version, clock.instant(), List.of(), List.of(), 0);
        }
        CompiledRuleset candidate;
        List<RuleTestResult> results;
        try {
            candidate = compiler.compile(version, files);
            results = RuleTests.run(candidate, files);
        } catch (RulesetCompilationException e) {
            return reject(version, e.problems(), List.of(), 0);
        }
        List<RuleTestResult> failed = failedTests(results);
        if (!failed.isEmpty()) {
            return reject(version, List.of(), failed, results.size());
        }
        active.set(candidate);
        lastRejection.set(null);
        log.info(
                "Ruleset {} active ({} rules, {} rule tests passed), replacing {}",
                version,
                candidate.ruleCount(),
                results.size(),
                current.version());
        events.publishEvent(new RulesetActivated(version, current.version()));
        return new RulesetActivation(
                RulesetActivation.Status.ACTIVATED,
                version,
                version,
                clock.instant(),
                List.of(),
                List.of(),
                results.size());
    }

    /** The files and rule names of the active ruleset. */
    public ActiveRuleset activeFiles() {
        CompiledRuleset ruleset = active.get();
        return new ActiveRuleset(ruleset.files(), ruleset.ruleNames());
    }

    /** The content of the active ruleset: its files and the names of its rules. */
    public record ActiveRuleset(RulesetFiles files, java.util.Set<String> ruleNames) {

        public String version() {
            return files.version();
        }
    }

    public RulesetInfo activeRuleset() {
        CompiledRuleset ruleset = active.get();
        return new RulesetInfo(ruleset.version(), ruleset.ruleCount(), lastRejection.get());
    }

    private RulesetActivation reject(
            String version, List<RuleProblem> problems, List<RuleTestResult> failed, int testsRun) {
        RulesetActivation rejection = new RulesetActivation(
                RulesetActivation.Status.REJECTED,
                version,
                active.get().version(),
                clock.instant(),
                problems,
                failed,
                testsRun);
        lastRejection.set(rejection);
        log.warn(
                "Ruleset candidate {} rejected; {} keeps grading. {}",
                version,
                rejection.activeVersion(),
                describe(problems, failed));
        return rejection;
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
