package io.leadgrade.feedback;

import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.RulesetReplay;
import io.leadgrade.handoff.Handoff;
import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobContext;
import io.leadgrade.jobs.JobHandler;
import io.leadgrade.leads.Lead;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Runs a backtest as a background job: replays the candidate and the active ruleset (the one it would replace) on
 * every handoff in the range (in batches, with progress), then grades the leads that were never handed off to say how many the candidate would add without an
 * outcome to judge them by. A resumed backtest starts again; its result replaces nothing until it is complete.
 */
@Component
class BacktestJob implements JobHandler {

    static final String TYPE = "BACKTEST";
    static final int BATCH = 1000;

    private final MongoTemplate mongo;
    private final GradingService grading;
    private final FeedbackService feedback;
    private final FeedbackProperties properties;
    private final Clock clock;

    BacktestJob(
            MongoTemplate mongo,
            GradingService grading,
            FeedbackService feedback,
            FeedbackProperties properties,
            Clock clock) {
        this.mongo = mongo;
        this.grading = grading;
        this.feedback = feedback;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public long total(Job job) {
        return mongo.count(inRange(run(job)), Handoff.class);
    }

    @Override
    public String run(Job job, JobContext context) {
        BacktestRun run = run(job);
        Map<String, byte[]> contents = new LinkedHashMap<>();
        run.files().forEach(file -> contents.put(file.path(), file.content()));
        Backtest.Result result = replay(new RulesetFiles(contents), run.from(), run.to(), context);
        if (result == null) {
            return "stopped";
        }
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(run.id())), new Update().set("result", result), BacktestRun.class);
        return result.verdict();
    }

    /**
     * Replays the candidate on the handoffs handed off in [from, to) (null: no bound), reporting each batch to
     * {@code context}; null when the context says to stop.
     */
    Backtest.Result replay(RulesetFiles files, LocalDate from, LocalDate to, JobContext context) {
        try (RulesetReplay baseline = grading.replay(grading.activeFiles().files());
                RulesetReplay candidate = grading.replay(files, true)) {
            Backtest backtest = new Backtest(baseline, candidate, feedback.converting());
            Query handoffs = inRange(from, to).cursorBatchSize(2000);
            // The history stays: its IMPORTED step says whether the handoff came from another system.
            handoffs.fields().exclude("explanation");
            long withoutInput = 0;
            try (Stream<Handoff> stream = mongo.stream(handoffs, Handoff.class)) {
                Iterator<Handoff> iterator = stream.iterator();
                List<Backtest.Past> batch = new ArrayList<>(BATCH);
                long read = 0;
                while (iterator.hasNext()) {
                    Handoff handoff = iterator.next();
                    read++;
                    if (handoff.input() == null) {
                        withoutInput++;
                    } else {
                        batch.add(new Backtest.Past(
                                handoff.input(),
                                handoff.grade(),
                                handoff.territory(),
                                handoff.disposition(),
                                HandoffOrigin.imported(handoff)));
                    }
                    if (read == BATCH || !iterator.hasNext()) {
                        if (!batch.isEmpty()) {
                            backtest.add(batch);
                        }
                        if (!context.checkpoint(read, batch.size(), null)) {
                            return null;
                        }
                        batch = new ArrayList<>(BATCH);
                        read = 0;
                    }
                }
            }
            long[] never = neverHandedOff(candidate);
            return backtest.result(withoutInput, never[0], never[1], properties.money());
        }
    }

    /** Graded leads never handed off, and how many of them the candidate would make MQLs. */
    private long[] neverHandedOff(RulesetReplay candidate) {
        Query leads = Query.query(
                        Criteria.where("handoffId").is(null).and("grading").ne(null))
                .cursorBatchSize(2000);
        Instant now = clock.instant();
        long[] counts = new long[2];
        try (Stream<Lead> stream = mongo.stream(leads, Lead.class)) {
            Iterator<Lead> iterator = stream.iterator();
            List<LeadData> batch = new ArrayList<>(BATCH);
            while (iterator.hasNext()) {
                batch.add(iterator.next().toLeadData(now));
                if (batch.size() == BATCH || !iterator.hasNext()) {
                    counts[0] += batch.size();
                    counts[1] += candidate.gradeAll(batch).stream()
                            .filter(grading -> grading.primary().mql())
                            .count();
                    batch = new ArrayList<>(BATCH);
                }
            }
        }
        return counts;
    }

    private BacktestRun run(Job job) {
        BacktestRun run = mongo.findById(job.parameters().get("backtest"), BacktestRun.class);
        if (run == null) {
            throw new IllegalStateException("backtest " + job.parameters().get("backtest") + " is gone");
        }
        return run;
    }

    private static Query inRange(BacktestRun run) {
        return inRange(run.from(), run.to());
    }

    private static Query inRange(LocalDate from, LocalDate to) {
        Criteria criteria = new Criteria();
        if (from != null || to != null) {
            Criteria at = Criteria.where("at");
            if (from != null) {
                at = at.gte(from.atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (to != null) {
                at = at.lt(to.atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            criteria = at;
        }
        return Query.query(criteria);
    }
}
