package io.leadgrade.leads;

import com.mongodb.MongoBulkWriteException;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobContext;
import io.leadgrade.jobs.JobHandler;
import io.leadgrade.store.BulkWork;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bson.types.ObjectId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Re-grades stored leads with the active ruleset, in id order and batches, as a background job. Only leads whose
 * grading changes are written, each with a RULE_CHANGE entry in its history (written first, so a crash between the
 * two leaves the lead to be re-graded again on resume, not a change without history).
 *
 * <p>Grading and writing overlap: while a writer thread stores one batch, this thread reads and grades the next (one
 * batch in flight). The store's work and the rules' work then share the machine's cores instead of taking turns
 * (docs/benchmarks.md, "Re-grade of stored leads"). A batch's writes are bulk work: its checkpoint, written once they
 * are done and before the next batch's writes begin, makes them durable, and a crash repeats the batches after it.
 */
@Component
class RegradeJob implements JobHandler {

    static final String TYPE = "REGRADE";

    private final MongoTemplate mongo;
    private final GradingService grading;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final BulkWork bulk;
    private final int batchSize;

    RegradeJob(
            MongoTemplate mongo,
            GradingService grading,
            Clock clock,
            ApplicationEventPublisher events,
            BulkWork bulk,
            @Value("${leadgrade.jobs.regrade-batch-size:1000}") int batchSize) {
        this.mongo = mongo;
        this.grading = grading;
        this.clock = clock;
        this.events = events;
        this.bulk = bulk;
        this.batchSize = batchSize;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The job's progress denominator: the collection's own count, not a count of every lead (a scan). */
    @Override
    public long total(Job job) {
        return mongo.estimatedCount(Lead.class);
    }

    @Override
    public String run(Job job, JobContext context) {
        String version = job.parameters().get("version");
        boolean bare = "true".equals(job.parameters().get("bare"));
        Query remaining = new Query().with(Sort.by("_id"));
        if (job.cursor() != null) {
            remaining.addCriteria(Criteria.where("_id").gt(new ObjectId(job.cursor())));
        }
        ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "regrade-writer-" + job.id());
            thread.setDaemon(true);
            return thread;
        });
        Writing inFlight = null;
        // One sorted pass, read in batches: re-querying per batch would make the embedded store sort every time.
        try (Stream<Lead> leads = mongo.stream(remaining.cursorBatchSize(batchSize), Lead.class)) {
            Iterator<Lead> iterator = leads.iterator();
            List<Lead> batch = new ArrayList<>(batchSize);
            while (iterator.hasNext()) {
                batch.add(iterator.next());
                if (batch.size() == batchSize || !iterator.hasNext()) {
                    checkStillActive(version);
                    Graded graded = grade(batch, version, bare);
                    if (inFlight != null && !finish(inFlight, context)) {
                        return "stopped";
                    }
                    inFlight = Writing.start(graded, writer, bulk);
                    batch = new ArrayList<>(batchSize);
                }
            }
            if (inFlight != null && !finish(inFlight, context)) {
                return "stopped";
            }
        } finally {
            // No writer runs after the job: on a failure the batch in flight ends first (done already otherwise).
            if (inFlight != null) {
                inFlight.awaitQuietly();
            }
            writer.shutdown();
        }
        return "re-graded with ruleset " + version;
    }

    /**
     * Waits for a batch's writes, then hands off its new MQLs and records the batch as done. False when the job must
     * stop.
     */
    private boolean finish(Writing writing, JobContext context) {
        writing.await();
        Graded batch = writing.batch();
        batch.newMqls().forEach(events::publishEvent);
        return context.checkpoint(batch.size(), batch.changed(), batch.lastId());
    }

    private void checkStillActive(String version) {
        String active = grading.activeRuleset().version();
        if (!active.equals(version)) {
            throw new IllegalStateException("the active ruleset changed from " + version + " to " + active
                    + " during the re-grade; start a re-grade of " + active);
        }
    }

    /**
     * Grades a batch and prepares its writes. {@code bare} is the re-grade benchmark's baseline ({@code POST
     * /api/bench/regrade}, only with {@code leadgrade.bench.enabled}): the same reads and the same writes, every lead
     * written with its stored grading as if the rules had changed it, and no grading at all.
     */
    private Graded grade(List<Lead> batch, String version, boolean bare) {
        Instant now = clock.instant();
        List<LeadData> inputs = batch.stream().map(lead -> lead.toLeadData(now)).toList();
        List<Grading> results = bare ? batch.stream().map(Lead::getGrading).toList() : grading.gradeAll(inputs);
        List<GradingRecord> records = new ArrayList<>();
        BulkOperations updates = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Lead.class);
        List<LeadGraded> newMqls = new ArrayList<>();
        int writes = 0;
        for (int i = 0; i < batch.size(); i++) {
            Lead lead = batch.get(i);
            Grading result = results.get(i);
            // New rules may read time differently: the lead's next decay review is planned with them.
            Instant review = bare
                    ? lead.getReviewAt()
                    : grading.nextChange(inputs.get(i), result).orElse(null);
            boolean reviewMoved = !Objects.equals(review, lead.getReviewAt());
            // Same grades under a new version are not a change: the history records changes of grade only.
            boolean regraded = bare
                    || lead.getGrading() == null
                    || !result.grades().equals(lead.getGrading().grades());
            if (!regraded && !reviewMoved) {
                continue;
            }
            long nextVersion = lead.getVersion() + 1;
            Update update = new Update().set("reviewAt", review).set("version", nextVersion);
            if (regraded) {
                records.add(new GradingRecord(
                        lead.getId() + ":" + nextVersion,
                        lead.getId(),
                        lead.getExternalId(),
                        now,
                        GradingReason.RULE_CHANGE,
                        version,
                        result.primary().grade(),
                        lead.getGrade(),
                        result.grades(),
                        inputs.get(i)));
                update.set("grading", result)
                        .set("grade", result.primary().grade())
                        .set("tier", result.primary().tier())
                        .set("mql", result.primary().mql())
                        .set("gradedAt", now);
            }
            updates.updateOne(
                    new Query(Criteria.where("_id")
                            .is(new ObjectId(lead.getId()))
                            .and("version")
                            .is(lead.getVersion())),
                    update);
            writes++;
            // A lead that became an MQL under the new rules is handed off, like one that became it any other way.
            if (result.primary().mql()
                    && (lead.getGrading() == null
                            || !lead.getGrading().primary().mql())) {
                newMqls.add(new LeadGraded(
                        lead.getId(),
                        lead.getExternalId(),
                        lead.getCycle(),
                        lead.getStatus(),
                        lead.getNurtureUntil(),
                        result,
                        lead.getGrade(),
                        inputs.get(i),
                        GradingReason.RULE_CHANGE,
                        now));
            }
        }
        Runnable write = writes == 0
                ? () -> {}
                : () -> {
                    if (!records.isEmpty()) {
                        insertIgnoringRepeats(records);
                    }
                    updates.execute();
                };
        return new Graded(
                write, batch.size(), records.size(), batch.get(batch.size() - 1).getId(), newMqls);
    }

    /** A graded batch: its writes, its size, the leads it changed, its last lead and its new MQLs. */
    private record Graded(Runnable write, int size, int changed, String lastId, List<LeadGraded> newMqls) {}

    /** A graded batch whose writes run on the writer thread, as bulk work. */
    private record Writing(Graded batch, Future<?> done) {

        static Writing start(Graded batch, ExecutorService writer, BulkWork bulk) {
            return new Writing(
                    batch,
                    writer.submit(() -> bulk.run(() -> {
                        batch.write().run();
                        return null;
                    })));
        }

        void await() {
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a batch was written", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
            }
        }

        void awaitQuietly() {
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the job failed already; this batch is done again on resume
            }
        }
    }

    /** A record left by an interrupted run is the same record: keep it. */
    private void insertIgnoringRepeats(List<GradingRecord> records) {
        try {
            mongo.insert(records, GradingRecord.class);
        } catch (DuplicateKeyException | MongoBulkWriteException repeated) {
            for (GradingRecord record : records) {
                mongo.save(record);
            }
        }
    }
}
