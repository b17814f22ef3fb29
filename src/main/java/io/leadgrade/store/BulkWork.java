package io.leadgrade.store;

import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Bulk work (an import batch) that ends with a checkpoint of its own: its writes need not each be durable, since a
 * crash repeats the work after the last checkpoint. On the embedded store they are deferred and the checkpoint's
 * write makes them durable together (see {@link DeferredCommits}); on MongoDB they are ordinary writes. Feature
 * code says "this is bulk work" here and knows nothing of how either store does it.
 */
@Component
public class BulkWork {

    /** Runs {@code work} as bulk work on this thread; what it wrote is durable after the next checkpoint write. */
    public <T> T run(Supplier<T> work) {
        return DeferredCommits.run(work);
    }
}
