package io.leadgrade.leads;

import io.leadgrade.grading.ActivityDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Re-grades the leads whose grade changes only because time passed: a recency window closed, a decayed value fell
 * below a line, a quiet spell grew long enough. When a lead is graded, the grading module works out on which day
 * that happens next (see {@code GradingService.nextChange}) and the lead is noted for that day; a run reads only
 * the days that came due, re-grades those leads and records a DECAY history entry where the grade changed. Leads
 * nothing will change for are never read.
 *
 * <p>Runs every night (leadgrade.engagement.decay-cron, UTC) and on demand; several instances may run at once,
 * since each lead is re-graded under its version check and only when it is still due.
 */
@Service
public class DecayService {

    private static final Logger log = LoggerFactory.getLogger(DecayService.class);
    private static final int CHUNK = 500;

    private final LeadRepository leads;
    private final LeadService leadService;
    private final ReviewSchedule schedule;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    DecayService(LeadRepository leads, LeadService leadService, ReviewSchedule schedule, Clock clock) {
        this.leads = leads;
        this.leadService = leadService;
        this.schedule = schedule;
        this.clock = clock;
    }

    /**
     * What one run did.
     *
     * @param days days that came due and were looked at
     * @param checked leads due on those days and re-graded
     * @param changed leads whose grade changed (each has a DECAY entry in its history)
     */
    public record Run(Instant at, int days, int checked, int changed) {}

    @Scheduled(cron = "${leadgrade.engagement.decay-cron:0 10 0 * * *}", zone = "UTC")
    void nightly() {
        Run run = run();
        log.info(
                "Decay run: {} leads due on {} days re-graded, {} changed grade",
                run.checked(),
                run.days(),
                run.changed());
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
        long today = ReviewSchedule.dayOf(now);
        Long next = schedule.nextDay();
        long from = next != null ? next : today - ActivityDigest.RETENTION_DAYS;
        int days = 0;
        int checked = 0;
        int changed = 0;
        for (long day = from; day <= today; day++) {
            List<String> ids = schedule.leadsOn(day);
            for (int start = 0; start < ids.size(); start += CHUNK) {
                List<Lead> due = new java.util.ArrayList<>();
                for (Lead lead : leads.findAllById(ids.subList(start, Math.min(ids.size(), start + CHUNK)))) {
                    if (isDue(lead, now)) {
                        due.add(lead);
                    }
                }
                checked += due.size();
                changed += leadService.gradeAllAndSave(due, GradingReason.DECAY, now);
            }
            // Today's entries may fall due later today (a cool-down ending at 14:00): today stays to be read again.
            if (day < today) {
                schedule.done(day);
            }
            days++;
        }
        return new Run(now, days, checked, changed);
    }

    private static boolean isDue(Lead lead, Instant now) {
        return lead.getReviewAt() != null && !lead.getReviewAt().isAfter(now);
    }
}
