package io.leadgrade.support;

import io.leadgrade.imports.Imports;
import io.leadgrade.jobs.JobStatus;
import io.leadgrade.jobs.JobView;
import java.util.Map;

/** Waiting for an import started in the test's own application. */
public final class Imported {

    private Imported() {}

    /** The import's state once its job has ended (or after eight minutes). */
    public static Map<String, Object> await(Imports imports, String id) throws InterruptedException {
        Map<String, Object> state = imports.state(id);
        for (int i = 0; i < 4800; i++) {
            JobStatus status = ((JobView) state.get("job")).status();
            if (status != JobStatus.RUNNING && status != JobStatus.CANCEL_REQUESTED) {
                break;
            }
            Thread.sleep(100);
            state = imports.state(id);
        }
        return state;
    }
}
