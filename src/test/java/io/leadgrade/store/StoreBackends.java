package io.leadgrade.store;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The embedded store's backends for the store benchmark (io.leadgrade.bench), which lives in another package. */
public final class StoreBackends {

    private StoreBackends() {}

    /** A backend and what its commits forced to disk. */
    public record Opened(MongoBackend backend, LongSupplier syncs) {}

    /** The emulator's own in-memory backend: the ceiling of the wire path, nothing on disk. */
    public static Opened inMemory() {
        return new Opened(new MemoryBackend(), () -> 0);
    }

    /** The backend as it was before the BSON format: Java-serialised documents, with or without a sync per commit. */
    public static Opened javaSerialised(Path file, boolean sync) {
        DurableH2Backend backend = DurableH2Backend.openJavaSerialised(file, 256, sync);
        return new Opened(backend, backend::syncs);
    }

    /** The backend before BSON keys ("bson-1"): BSON documents, Java-serialised keys, LZF pages, a sync per commit. */
    public static Opened bsonDocuments(Path file) {
        DurableH2Backend backend = DurableH2Backend.openBsonDocuments(
                DurableH2Backend.builder(file, 256).compress());
        return new Opened(backend, backend::syncs);
    }

    /** Today's default: BSON documents and keys, a sync per (group) commit; {@code compress} adds H2's LZF page compression. */
    public static Opened bson(Path file, boolean compress) {
        var builder = DurableH2Backend.builder(file, 256);
        if (compress) {
            builder.compress();
        }
        DurableH2Backend backend = DurableH2Backend.open(builder, DurableH2Backend.Format.BSON, true);
        return new Opened(backend, backend::syncs);
    }

    /** Live data as a share of the file, in percent, of a backend opened here (H2's fill rate). */
    public static int fillRate(MongoBackend backend) {
        return backend instanceof DurableH2Backend durable ? durable.fillRate() : 100;
    }
}
