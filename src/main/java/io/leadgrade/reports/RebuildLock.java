package io.leadgrade.reports;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Who rebuilds the report rollups, across instances: one document ({@value #ID} in {@value #COLLECTION}) with the
 * owner and a lease, taken by one atomic find-and-modify while free, expired or already this instance's. A rebuild
 * renews it as it goes; an instance that dies while rebuilding frees it when the lease runs out. Real time, not the
 * application clock: the lease says whether a process lives.
 */
@Component
class RebuildLock {

    static final String COLLECTION = "report_state";
    static final String ID = "rebuild-lock";

    private final MongoTemplate mongo;
    private final Duration lease;
    private final String owner = UUID.randomUUID().toString();

    RebuildLock(MongoTemplate mongo, @Value("${leadgrade.reports.rebuild-lease:2m}") Duration lease) {
        this.mongo = mongo;
        this.lease = lease;
    }

    /** Takes the lock; false when another instance holds it. */
    boolean acquire() {
        Instant now = Instant.now();
        try {
            collection()
                    .findOneAndUpdate(
                            Filters.and(
                                    Filters.eq("_id", ID),
                                    Filters.or(Filters.lt("until", Date.from(now)), Filters.eq("owner", owner))),
                            Updates.combine(
                                    Updates.set("owner", owner),
                                    Updates.set("until", Date.from(now.plus(lease))),
                                    Updates.set("since", Date.from(now))),
                            new FindOneAndUpdateOptions().upsert(true));
            return true;
        } catch (MongoCommandException held) {
            if (held.getErrorCode() == 11000) {
                return false; // the upsert met the document of the instance that holds it
            }
            throw held;
        }
    }

    /** Extends the lease while this instance holds the lock. */
    void renew() {
        collection()
                .updateOne(
                        Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                        Updates.set("until", Date.from(Instant.now().plus(lease))));
    }

    void release() {
        try {
            collection().deleteOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)));
        } catch (RuntimeException unreachable) {
            // The lease runs out by itself.
        }
    }

    /** The instance holding the lock, or null. */
    String holder() {
        Document lock = collection()
                .find(Filters.and(Filters.eq("_id", ID), Filters.gte("until", new Date())))
                .first();
        return lock == null ? null : lock.getString("owner");
    }

    String owner() {
        return owner;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
