package io.leadgrade.jobs;

/** Where a job stands. CANCEL_REQUESTED becomes CANCELLED at the job's next checkpoint. */
public enum JobStatus {
    RUNNING,
    CANCEL_REQUESTED,
    CANCELLED,
    COMPLETED,
    FAILED
}
