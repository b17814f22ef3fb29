package io.leadgrade.leads;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Re-grades the leads whose grade changes only because time passed: a recency window closed, a decayed value fell
 * below a line, a quiet spell grew long enough. When a lead is graded, the grading module works out when that
 * happens next (see {@code GradingService.nextChange}) and the lead keeps it as {@code reviewAt}, indexed; a run
 * reads the leads whose {@code reviewAt} has come (one query on that index, read a batch at a time), re-grades them
 * in bulk and records a DECAY history entry where the grade changed. Leads nothing will change for are never read
 * on MongoDB; the embedded store, which uses only unique indexes, answers the query with one pass over the leads.
 *
 * <p>Runs every night (leadgrade.engagement.decay-cron, UTC) and on demand; several instances may run at once,
 * since each lead is re-graded under its version check and only when it is still due. A re-graded lead's next
 * {@code reviewAt} lies after the run's instant, so a run never sees the same lead twice.
 */
@Service
public class DecayService {

    private static final Logger log = LoggerFactory.getLogger(DecayService.class);
    private static final int CHUNK = 500;

    private final MongoTemplate mongo;
    private final LeadService leadService;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    DecayService(MongoTemplate mongo, LeadService leadService, Clock clock) {
        this.mongo = mongo;
        this.leadService = leadService;
        this.clock = clock;
    }

    /**
     * What one run did.
     *
     * @param checked leads whose review came due, re-graded
     * @param changed leads whose grade changed (each has a DECAY entry in its history)
     */
    public record Run(Instant at, int checked, int changed) {}

    @Scheduled(cron = "${leadgrade.engagement.decay-cron:0 10 0 * * *}", zone = "UTC")
    void nightly() {
        Run run = run();
        log.info("Decay run: {} leads due re-graded, {} changed grade", run.checked(), run.changed());
    }

    /** Runs now; a run already going on in this instance is waited for. */
    public Run run() {
        running.lock();
        try {
            return runNow(clock.instant());
        } finally {
            running.unlock();
        }
    }

    private Run runNow(Instant now) {
        Query due = Query.query(Criteria.where("reviewAt").lte(now)).cursorBatchSize(CHUNK);
        int checked = 0;
        int changed = 0;
        List<Lead> chunk = new ArrayList<>(CHUNK);
        try (Stream<Lead> stream = mongo.stream(due, Lead.class)) {
            for (Iterator<Lead> it = stream.iterator(); it.hasNext(); ) {
                Lead lead = it.next();
                if (isDue(lead, now)) {
                    chunk.add(lead);
                }
                if (chunk.size() == CHUNK || !it.hasNext() && !chunk.isEmpty()) {
                    checked += chunk.size();
                    changed += leadService.gradeAllAndSave(chunk, GradingReason.DECAY, now);
                    chunk = new ArrayList<>(CHUNK);
                }
            }
        }
        return new Run(now, checked, changed);
    }

    private static boolean isDue(Lead lead, Instant now) {
        return lead.getReviewAt() != null && !lead.getReviewAt().isAfter(now);
    }
}
