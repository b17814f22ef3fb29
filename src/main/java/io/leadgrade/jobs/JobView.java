package io.leadgrade.jobs;

import java.time.Instant;
import java.util.Map;

/** A job as the API shows it. */
public record JobView(
        String id,
        String type,
        Map<String, String> parameters,
        JobStatus status,
        long total,
        long processed,
        long changed,
        double percent,
        String message,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt) {

    public static JobView of(Job job) {
        return new JobView(
                job.id(),
                job.type(),
                job.parameters(),
                job.status(),
                job.total(),
                job.processed(),
                job.changed(),
                job.percent(),
                job.message(),
                job.createdAt(),
                job.updatedAt(),
                job.finishedAt());
    }
}
