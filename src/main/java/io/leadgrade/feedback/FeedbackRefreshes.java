package io.leadgrade.feedback;

import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobService;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Starts a refresh of the flags for other modules, e.g. once a load of past outcomes is in. */
@Component
public class FeedbackRefreshes {

    private final JobService jobs;

    FeedbackRefreshes(JobService jobs) {
        this.jobs = jobs;
    }

    /** Starts a refresh unless one runs already; the started job, or empty. */
    public synchronized Optional<Job> startUnlessRunning(String reason) {
        if (jobs.running(FeedbackRefreshJob.TYPE).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(jobs.start(FeedbackRefreshJob.TYPE, Map.of("reason", reason)));
    }
}
