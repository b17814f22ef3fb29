package io.leadgrade.reports;

import io.leadgrade.handoff.Handoff;
import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobContext;
import io.leadgrade.jobs.JobHandler;
import io.leadgrade.jobs.JobService;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the report rollups from the handoffs as a background job with progress. A cancelled or failed rebuild
 * leaves the rollups as they were; resuming starts the scan again. Started by hand, at start-up when handoffs exist
 * but rollups do not (a store from before rollups, or data loaded directly), and by the repair check (every
 * {@code leadgrade.reports.repair-interval}) when increments were lost: a write of them failed, or an instance died
 * before writing them. With several instances, one rebuilds (see {@link RebuildLock}); an automatic rebuild that
 * finds, once it holds the lock, that another one repaired the rollups already does nothing.
 */
@Component
class RollupRebuildJob implements JobHandler {

    static final String TYPE = "ROLLUP_REBUILD";

    private static final Logger log = LoggerFactory.getLogger(RollupRebuildJob.class);

    private final Rollups rollups;
    private final MongoTemplate mongo;
    private final ApplicationContext context;

    RollupRebuildJob(Rollups rollups, MongoTemplate mongo, ApplicationContext context) {
        this.rollups = rollups;
        this.mongo = mongo;
        this.context = context;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public long total(Job job) {
        return mongo.count(new Query(), Handoff.class);
    }

    static final String MISSING = "missing at start-up";
    static final String LOST = "increments lost by a stopped instance";
    static final String REPAIR = "repair of failed increments";

    @Override
    public String run(Job job, JobContext context) {
        long started = System.nanoTime();
        long[] reported = {0};
        String reason = job.parameters() == null ? null : job.parameters().get("reason");
        long read = rollups.rebuild(
                sofar -> {
                    boolean goOn = context.checkpoint(sofar - reported[0], 0, null);
                    reported[0] = sofar;
                    return goOn;
                },
                () -> stillNeeded(reason));
        if (read == Rollups.BUSY) {
            return "another instance is rebuilding the rollups; nothing done here";
        }
        if (read == Rollups.NOT_NEEDED) {
            return "the rollups were repaired already; nothing done here";
        }
        if (read < 0) {
            return "stopped; the rollups are unchanged";
        }
        return "rebuilt from " + read + " handoffs in " + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    private boolean stillNeeded(String reason) {
        if (MISSING.equals(reason)) {
            return !rollups.exist();
        }
        if (LOST.equals(reason) || REPAIR.equals(reason)) {
            return rollups.needRepair();
        }
        return true; // asked for by hand
    }

    /** Rebuilds the rollups when increments were lost, so a failed write is repaired, not only logged. */
    @Scheduled(
            fixedDelayString = "${leadgrade.reports.repair-interval:1m}",
            initialDelayString = "${leadgrade.reports.repair-interval:1m}")
    void repairWhenNeeded() {
        try {
            if (rollups.needRepair() && jobs().running(TYPE).isEmpty() && rollups.rebuiltBy() == null) {
                log.warn("Report rollups missed changes: rebuilding them from the handoffs");
                jobs().start(TYPE, Map.of("reason", REPAIR));
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the report rollups: {}", e.getMessage());
        }
    }

    private JobService jobs() {
        // Looked up when needed: the job service is built from the handlers, this one among them.
        return context.getBean(JobService.class);
    }

    @EventListener(ApplicationReadyEvent.class)
    void rebuildWhenMissing(ApplicationReadyEvent ready) {
        JobService jobs = jobs();
        try {
            if (!mongo.exists(new Query(), Handoff.class) || jobs.running(TYPE).isPresent()) {
                return;
            }
            if (!rollups.exist()) {
                log.info("Handoffs exist but report rollups do not: rebuilding them");
                jobs.start(TYPE, Map.of("reason", MISSING));
            } else if (rollups.lostIncrements()) {
                log.warn("An instance stopped before writing its report rollup increments: rebuilding them");
                jobs.start(TYPE, Map.of("reason", LOST));
            }
            long dropped = rollups.dropTotalsDocuments();
            if (dropped > 0) {
                log.info("Deleted {} report rollup documents of the earlier layout (totals alone)", dropped);
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the report rollups at start-up: {}", e.getMessage());
        }
    }
}
