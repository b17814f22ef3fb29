package io.leadgrade.store;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStore;

/**
 * H2 backend that commits before it answers. The stock backend commits about once a second, so a write the client
 * saw acknowledged could vanish with {@code kill -9}; here every request that changed data is committed to the file
 * before the reply leaves. Concurrent writers share commits: a commit finds nothing to do when another thread's
 * commit already covered its change.
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that change data; the server checks and changes documents in separate steps, so they take turns. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify");

    private final MVStore store;
    private final ReentrantLock writes = new ReentrantLock();

    private DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    /** Opens the file; {@code cacheMegabytes} of pages stay deserialised in memory (H2's default of 16 is slow). */
    static DurableH2Backend open(Path file, int cacheMegabytes) {
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .cacheSize(cacheMegabytes)
                .open();
        return new DurableH2Backend(store);
    }

    /**
     * mongo-java-server matches an update's filter and then writes the document without holding a lock in between,
     * so two versioned updates of one document ({@code {_id, version: 7}}) could both match and the second would
     * overwrite the first: a lost update that real MongoDB never allows. Writes therefore run one at a time here
     * (reads stay concurrent); the commit before the reply happens outside that lock, so writers still share it.
     */
    @Override
    public Document handleMessage(MongoMessage message) {
        boolean write = isWrite(message.getDocument());
        try {
            if (!write) {
                return super.handleMessage(message);
            }
            writes.lock();
            try {
                return super.handleMessage(message);
            } finally {
                writes.unlock();
            }
        } finally {
            // Outside the lock: writers that arrive while a commit runs share the next one.
            commitIfChanged();
        }
    }

    private static boolean isWrite(Document command) {
        return !command.isEmpty()
                && WRITES.contains(command.keySet().iterator().next().toLowerCase(Locale.ROOT));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        try {
            return super.handleQuery(query);
        } finally {
            commitIfChanged();
        }
    }

    private void commitIfChanged() {
        if (store.hasUnsavedChanges()) {
            store.commit();
        }
    }
}
