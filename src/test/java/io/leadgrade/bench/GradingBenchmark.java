package io.leadgrade.bench;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.engine.CompiledRuleset;
import io.leadgrade.grading.engine.RulesetCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Grading throughput in leads per second: the default ruleset through Drools (a batch of 1,000 leads per session,
 * or one lead per call) against the same rules written by hand in Java, the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GradingBenchmark {

    static final int BATCH = 1000;

    private CompiledRuleset ruleset;
    private final HandWrittenGrader handWritten = new HandWrittenGrader();

    @State(Scope.Thread)
    public static class Leads {
        List<LeadData> batch;

        @Setup(Level.Trial)
        public void generate() {
            batch = new LeadGenerator(Thread.currentThread().getId()).leads(BATCH);
        }
    }

    @Setup(Level.Trial)
    public void compile() {
        ruleset = new RulesetCompiler().compile("rules", RulesetFiles.read(Path.of("rules")));
    }

    @TearDown(Level.Trial)
    public void close() {
        ruleset.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void droolsBatch(Leads leads, Blackhole sink) {
        for (Grading grading : ruleset.gradeAll(leads.batch)) {
            sink.consume(grading);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void droolsOneByOne(Leads leads, Blackhole sink) {
        for (LeadData lead : leads.batch) {
            sink.consume(ruleset.grade(lead));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void handWritten(Leads leads, Blackhole sink) {
        for (LeadData lead : leads.batch) {
            Grade grade = handWritten.grade(lead);
            sink.consume(grade);
        }
    }
}
