package io.leadgrade.jobs;

/** Runs one type of job; modules that own the data implement it (leads runs re-grades). */
public interface JobHandler {

    String type();

    /** Counts the items the job will walk, before it starts. */
    long total(Job job);

    /**
     * Does the work from {@code job.cursor()} on, reporting each batch through the context, which also says when
     * to stop. Returns a closing message.
     */
    String run(Job job, JobContext context);
}
