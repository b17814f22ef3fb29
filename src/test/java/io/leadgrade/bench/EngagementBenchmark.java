package io.leadgrade.bench;

import io.leadgrade.grading.ActivityDigest;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.engine.CompiledRuleset;
import io.leadgrade.grading.engine.RulesetCompiler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Grading one lead with the default ruleset as its recorded activity grows: no events (the baseline), 10, and
 * 10,000 spread over 500 days. The engine reads a per-day summary, so the cost should follow the days kept (at
 * most 400 per type), not the events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngagementBenchmark {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String[] TYPES = {"WEB_VISIT", "EMAIL_OPEN", "EMAIL_CLICK", "PRICING_PAGE_VISIT", "FORM_SUBMISSION"};

    @Param({"0", "10", "10000"})
    public int events;

    private CompiledRuleset ruleset;
    private LeadData lead;

    @Setup(Level.Trial)
    public void prepare() {
        ruleset = new RulesetCompiler().compile("rules", RulesetFiles.read(Path.of("rules")));
        ActivityDigest digest = ActivityDigest.NONE;
        for (int i = 0; i < events; i++) {
            Instant at = NOW.minus(Duration.ofMinutes(i * 72L)); // 10,000 events span 500 days
            digest = digest.plus(TYPES[i % TYPES.length], at, 1);
        }
        lead = new LeadGenerator(7).leads(1).get(0).withActivity(digest).at(NOW);
    }

    @TearDown(Level.Trial)
    public void close() {
        ruleset.close();
    }

    @Benchmark
    public Object gradeOneLead() {
        return ruleset.grade(lead);
    }
}
