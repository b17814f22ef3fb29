package io.leadgrade.grading;

import io.leadgrade.grading.engine.CompiledRuleset;
import io.leadgrade.grading.engine.RulesetCompiler;
import io.leadgrade.grading.engine.RulesetFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Grades leads with the active ruleset. The ruleset is compiled from the rules folder at start; a folder that does
 * not compile stops the application with every problem's file and line.
 */
@Service
public class GradingService {

    private static final Logger log = LoggerFactory.getLogger(GradingService.class);

    private final CompiledRuleset active;
    private final MeterRegistry meters;
    private final Timer latency;
    private final ConcurrentMap<String, Counter> gradeCounters = new ConcurrentHashMap<>();

    GradingService(RulesProperties properties, MeterRegistry meters) {
        this.active = new RulesetCompiler().compile(properties.path().toString(), RulesetFiles.read(properties.path()));
        this.meters = meters;
        this.latency = Timer.builder("leadgrade.grading.latency")
                .description("Time to grade one lead with the active ruleset")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        log.info(
                "Ruleset {} active: {} rules from {}",
                active.version(),
                active.ruleCount(),
                properties.path().toAbsolutePath().normalize());
    }

    /** Grades a lead with the active ruleset; nothing is stored. */
    public Grading grade(LeadData lead) {
        Grading grading = latency.record(() -> active.grade(lead));
        count(grading.primary());
        return grading;
    }

    /** Grades many leads in one engine session, much faster per lead than one call each. */
    public List<Grading> gradeAll(List<LeadData> leads) {
        List<Grading> gradings = active.gradeAll(leads);
        gradings.forEach(grading -> count(grading.primary()));
        return gradings;
    }

    public RulesetInfo activeRuleset() {
        return new RulesetInfo(active.version(), active.ruleCount());
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

    /** The version (content hash of the rules folder) and size of the active ruleset. */
    public record RulesetInfo(String version, int rules) {}
}
