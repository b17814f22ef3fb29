package io.leadgrade.jobs;

/** What a running job reports to, and asks whether to go on. */
public interface JobContext {

    /**
     * Records a finished batch: items processed and changed in it, and the cursor after it. Returns false when the
     * job was cancelled (or lost its lease) and must stop now; the batch already reported stays done.
     */
    boolean checkpoint(long processed, long changed, String cursor);
}
