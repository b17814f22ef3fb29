package io.leadgrade.store;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * H2 backend that commits before it answers. The stock backend commits about once a second, so a write the client
 * saw acknowledged could vanish with {@code kill -9}; here every request that changed data is committed to the file
 * before the reply leaves. Concurrent writers share commits: a commit finds nothing to do when another thread's
 * commit already covered its change.
 */
final class DurableH2Backend extends H2Backend {

    private final MVStore store;

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

    @Override
    public Document handleMessage(MongoMessage message) {
        try {
            return super.handleMessage(message);
        } finally {
            commitIfChanged();
        }
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
