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
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the report rollups from the handoffs as a background job with progress. A cancelled rebuild leaves the
 * rollups as they were; resuming starts the scan again. Started by hand, and at start-up when handoffs exist but
 * rollups do not (a store from before rollups, or data loaded directly), or when an instance died with increments
 * it had not written.
 */
@Component
class RollupRebuildJob implements JobHandler {

    static final String TYPE = "ROLLUP_REBUILD";

    private static final Logger log = LoggerFactory.getLogger(RollupRebuildJob.class);

    private final Rollups rollups;
    private final MongoTemplate mongo;

    RollupRebuildJob(Rollups rollups, MongoTemplate mongo) {
        this.rollups = rollups;
        this.mongo = mongo;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public long total(Job job) {
        return mongo.count(new Query(), Handoff.class);
    }

    @Override
    public String run(Job job, JobContext context) {
        long started = System.nanoTime();
        long[] reported = {0};
        long read = rollups.rebuild(sofar -> {
            boolean goOn = context.checkpoint(sofar - reported[0], 0, null);
            reported[0] = sofar;
            return goOn;
        });
        if (read < 0) {
            return "stopped; the rollups are unchanged";
        }
        return "rebuilt from " + read + " handoffs in " + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    @EventListener(ApplicationReadyEvent.class)
    void rebuildWhenMissing(ApplicationReadyEvent ready) {
        // Looked up here: the job service is built from the handlers, this one among them.
        JobService jobs = ready.getApplicationContext().getBean(JobService.class);
        try {
            if (!mongo.exists(new Query(), Handoff.class) || jobs.running(TYPE).isPresent()) {
                return;
            }
            if (!rollups.exist()) {
                log.info("Handoffs exist but report rollups do not: rebuilding them");
                jobs.start(TYPE, Map.of("reason", "missing at start-up"));
            } else if (rollups.lostIncrements()) {
                log.warn("An instance stopped before writing its report rollup increments: rebuilding them");
                jobs.start(TYPE, Map.of("reason", "increments lost by a stopped instance"));
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the report rollups at start-up: {}", e.getMessage());
        }
    }
}
