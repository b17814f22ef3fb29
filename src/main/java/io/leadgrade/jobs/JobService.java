package io.leadgrade.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Starts, tracks, cancels and resumes background jobs. A job runs on the instance that holds its lease; every
 * checkpoint renews the lease, and a job whose lease ran out (its instance died) is taken over from its cursor.
 */
@Service
public class JobService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final MongoTemplate mongo;
    private final Map<String, JobHandler> handlers;
    private final JobsProperties properties;
    private final Clock clock;
    private final ExecutorService executor;
    private final String instance = UUID.randomUUID().toString();
    /** Jobs queued or running on this instance. */
    private final Set<String> here = ConcurrentHashMap.newKeySet();

    JobService(MongoTemplate mongo, List<JobHandler> handlers, JobsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
        this.properties = properties;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(properties.threads(), runnable -> {
            Thread thread = new Thread(runnable, "leadgrade-job");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Creates a job of this type and starts it here. */
    public Job start(String type, Map<String, String> parameters) {
        JobHandler handler = handler(type);
        Instant now = clock.instant();
        Job job = new Job(
                UUID.randomUUID().toString(),
                type,
                parameters,
                JobStatus.RUNNING,
                0,
                0,
                0,
                null,
                null,
                instance,
                now.plus(properties.lease()),
                now,
                now,
                null);
        job = mongo.insert(job);
        mongo.updateFirst(byId(job.id()), new Update().set("total", handler.total(job)), Job.class);
        submit(job.id());
        return get(job.id());
    }

    /** A job of this type that is running (on any instance), if there is one. */
    public java.util.Optional<Job> running(String type) {
        return java.util.Optional.ofNullable(mongo.findOne(
                new Query(Criteria.where("type")
                        .is(type)
                        .and("status")
                        .in(JobStatus.RUNNING, JobStatus.CANCEL_REQUESTED)),
                Job.class));
    }

    public Job get(String id) {
        Job job = mongo.findById(id, Job.class);
        if (job == null) {
            throw new JobNotFoundException(id);
        }
        return job;
    }

    /** Asks a running job to stop at its next checkpoint; what it has done stays done. */
    public Job cancel(String id) {
        mongo.updateFirst(
                byId(id).addCriteria(Criteria.where("status").is(JobStatus.RUNNING)),
                new Update().set("status", JobStatus.CANCEL_REQUESTED).set("updatedAt", clock.instant()),
                Job.class);
        return get(id);
    }

    /** Continues a cancelled or failed job from its cursor, here. */
    public Job resume(String id) {
        Job job = get(id);
        Job claimed = claim(Criteria.where("_id").is(id).and("status").in(JobStatus.CANCELLED, JobStatus.FAILED));
        if (claimed == null) {
            return job;
        }
        submit(id);
        return get(id);
    }

    /** Takes over running jobs whose instance stopped renewing the lease (it crashed or was killed). */
    @Scheduled(
            fixedDelayString = "${leadgrade.jobs.takeover-interval:10s}",
            initialDelayString = "${leadgrade.jobs.takeover-interval:10s}")
    public void takeOverAbandoned() {
        Job claimed;
        while ((claimed = claim(Criteria.where("status")
                        .in(JobStatus.RUNNING, JobStatus.CANCEL_REQUESTED)
                        .and("leaseUntil")
                        .lt(clock.instant())))
                != null) {
            log.info(
                    "Taking over job {} ({}) at {} of {}",
                    claimed.id(),
                    claimed.type(),
                    claimed.processed(),
                    claimed.total());
            if (claimed.status() == JobStatus.CANCEL_REQUESTED) {
                finish(claimed.id(), JobStatus.CANCELLED, "cancelled");
            } else {
                submit(claimed.id());
            }
        }
    }

    private Job claim(Criteria which) {
        Instant now = clock.instant();
        return mongo.findAndModify(
                new Query(which),
                new Update()
                        .set("owner", instance)
                        .set("leaseUntil", now.plus(properties.lease()))
                        .set("updatedAt", now)
                        .set("status", JobStatus.RUNNING)
                        .set("finishedAt", null),
                FindAndModifyOptions.options().returnNew(true),
                Job.class);
    }

    private void submit(String id) {
        if (!here.add(id)) {
            return; // already queued or running on this instance
        }
        executor.execute(() -> runHere(id));
    }

    /**
     * Renews the lease of every job queued or running on this instance, so that a job in a long step between
     * checkpoints is not taken over while its instance is alive: the lease says the instance lives, checkpoints say
     * how far the job got.
     */
    @Scheduled(
            fixedDelayString = "${leadgrade.jobs.heartbeat-interval:5s}",
            initialDelayString = "${leadgrade.jobs.heartbeat-interval:5s}")
    public void renewLeases() {
        for (String id : here) {
            Instant now = clock.instant();
            mongo.updateFirst(
                    byId(id).addCriteria(Criteria.where("owner").is(instance)),
                    new Update().set("leaseUntil", now.plus(properties.lease())),
                    Job.class);
        }
    }

    private void runHere(String id) {
        JobStatus status;
        String message;
        try {
            Job job = get(id);
            JobHandler handler = handler(job.type());
            try {
                message = handler.run(job, (processed, changed, cursor) -> checkpoint(id, processed, changed, cursor));
                status = JobStatus.COMPLETED; // unless a cancel came meanwhile (see finish)
            } catch (RuntimeException e) {
                log.error("Job {} ({}) failed", id, job.type(), e);
                status = JobStatus.FAILED;
                message = e.getMessage();
            }
        } finally {
            // Before the final status is written: a resume that sees it must be able to run the job here again.
            here.remove(id);
        }
        finish(id, status, message);
    }

    private boolean checkpoint(String id, long processed, long changed, String cursor) {
        Instant now = clock.instant();
        Job job = mongo.findAndModify(
                byId(id).addCriteria(Criteria.where("owner").is(instance)),
                new Update()
                        .inc("processed", processed)
                        .inc("changed", changed)
                        .set("cursor", cursor)
                        .set("updatedAt", now)
                        .set("leaseUntil", now.plus(properties.lease())),
                FindAndModifyOptions.options().returnNew(true),
                Job.class);
        return job != null && job.status() == JobStatus.RUNNING;
    }

    /**
     * Writes a job's final status, only while this instance owns it: a job another instance took over (this one
     * stalled past its lease) is that instance's to finish, and a late failure or cancel here must not overwrite it.
     */
    private void finish(String id, JobStatus status, String message) {
        Query owned = byId(id).addCriteria(Criteria.where("owner").is(instance));
        if (status == JobStatus.COMPLETED) {
            // Completed only while still running: a cancel asked for meanwhile ends it as cancelled.
            if (setFinal(Query.of(owned).addCriteria(Criteria.where("status").is(JobStatus.RUNNING)), status, message)
                    == 1) {
                return;
            }
            Job after = get(id);
            if (after.status() != JobStatus.CANCEL_REQUESTED) {
                return; // another instance took it over
            }
            status = JobStatus.CANCELLED;
            message = "cancelled at " + after.processed() + " of " + after.total();
        }
        if (setFinal(owned, status, message) == 0) {
            log.warn("Job {} was taken over by another instance; leaving its status ({} here) to that one", id, status);
        }
    }

    private long setFinal(Query query, JobStatus status, String message) {
        Instant now = clock.instant();
        return mongo.updateFirst(
                        query,
                        new Update()
                                .set("status", status)
                                .set("message", message)
                                .set("updatedAt", now)
                                .set("finishedAt", now),
                        Job.class)
                .getMatchedCount();
    }

    private JobHandler handler(String type) {
        JobHandler handler = handlers.get(type);
        if (handler == null) {
            throw new IllegalArgumentException("no handler for jobs of type " + type);
        }
        return handler;
    }

    private static Query byId(String id) {
        return new Query(Criteria.where("_id").is(id));
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
