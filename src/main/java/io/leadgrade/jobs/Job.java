package io.leadgrade.jobs;

import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A background job as stored in the {@code jobs} collection. The cursor is where the job resumes after a cancel or
 * a crash; the lease says which instance runs it and until when, so a job whose instance died is taken over.
 *
 * @param parameters what the job works on, e.g. the ruleset version of a re-grade
 * @param cursor the last item done, in the order the job walks its items
 */
@Document("jobs")
public record Job(
        @Id String id,
        String type,
        Map<String, String> parameters,
        JobStatus status,
        long total,
        long processed,
        long changed,
        String cursor,
        String message,
        String owner,
        Instant leaseUntil,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt) {

    /** Share of the work done, 0 to 100. */
    public double percent() {
        return total == 0 ? (status == JobStatus.COMPLETED ? 100 : 0) : Math.min(100, 100.0 * processed / total);
    }
}
