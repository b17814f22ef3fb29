package io.leadgrade.store;

import com.mongodb.WriteConcern;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Bulk work (an import, a re-grade) that may write many documents without waiting for each to reach the disk. Inside
 * {@link #run}, writes on this thread ask for no journal ({@code j: false}); the embedded store then keeps them in
 * memory until the next write that does ask for it, which commits everything before it in one go. Bulk work makes
 * its own checkpoint (the position it has reached) a normal write, so a crash loses at most the writes since its last
 * checkpoint, which it does again on restart. On real MongoDB the same writes skip the wait for the journal.
 */
final class DeferredCommits {

    /** What the deferred writes ask for: still acknowledged by a majority, not yet journaled. */
    static final WriteConcern DEFERRED = WriteConcern.MAJORITY.withJournal(false);

    /** The collection a unit of work's commit ({@link StoreTransactionManager}) writes to; its write changes nothing. */
    static final String COMMITS = "store_commits";

    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    /** Whether this thread is inside a unit of work of {@link StoreTransactionManager} (which commits at its end). */
    private static final ThreadLocal<Boolean> UNIT = ThreadLocal.withInitial(() -> false);

    /** Whether the unit of work on this thread wrote anything that its commit must make durable. */
    private static final ThreadLocal<Boolean> DIRTY = ThreadLocal.withInitial(() -> false);

    /**
     * Whether the unit of work on this thread read without waiting for other writers' commits ({@link #UNIT_READS}):
     * it then waits for them once, at its end, before its answer ({@link StoreTransactionManager}).
     */
    private static final ThreadLocal<Boolean> READ = ThreadLocal.withInitial(() -> false);

    /**
     * What reads inside a unit of work ask for: the latest data, not yet necessarily on disk (MongoDB's {@code local}
     * read concern, its default). Outside a unit a read on the embedded store waits until what it may see is
     * durable; inside one that wait would come once per read, while the unit's own commit at its end covers every
     * write before it (one commit at a time, in order), so the unit waits once, there.
     */
    static final com.mongodb.ReadConcern UNIT_READS = com.mongodb.ReadConcern.LOCAL;

    private DeferredCommits() {}

    /** Runs {@code work} with this thread's writes deferred; its result is not durable before a later normal write. */
    static <T> T run(Supplier<T> work) {
        boolean outer = ACTIVE.get();
        ACTIVE.set(true);
        try {
            return work.get();
        } finally {
            ACTIVE.set(outer);
        }
    }

    /**
     * A journaled write that changes nothing ({@link #JOURNALED});
     * through the template, so a store that cannot be reached is a {@link DataAccessResourceFailureException} (503).
     */
    static void commit(MongoOperations mongo) {
        mongo.execute(
                COMMITS,
                collection -> collection
                        .withWriteConcern(JOURNALED) // inside a unit the database hands out deferred collections
                        .updateOne(Filters.eq("_id", "none"), Updates.set("none", true)));
    }

    /** The event publication registry's collection: deleting from it (an event delivered) is never waited for. */
    static final String PUBLICATIONS = "event_publication";

    /** What a commit asks for: acknowledged by a majority and journaled. */
    static final WriteConcern JOURNALED = WriteConcern.MAJORITY.withJournal(true);

    static boolean active() {
        return ACTIVE.get() || UNIT.get();
    }

    /** Whether bulk work ({@link #run}) is under way on this thread: its checkpoint commits, not a unit of work. */
    static boolean bulk() {
        return ACTIVE.get();
    }

    static boolean inUnit() {
        return UNIT.get();
    }

    /** Enters or leaves a unit of work on this thread (nothing written yet); answers whether one was entered before. */
    static boolean unit(boolean inside) {
        boolean before = UNIT.get();
        UNIT.set(inside);
        DIRTY.set(false);
        READ.set(false);
        return before;
    }

    /** Whether the unit of work on this thread wrote anything since it began. */
    static boolean dirty() {
        return DIRTY.get();
    }

    /** Whether the unit of work on this thread read with {@link #UNIT_READS} since it began. */
    static boolean read() {
        return READ.get();
    }

    /** Restores the state of a unit of work that was set aside ({@link #unit}, {@link #dirty}, {@link #read}). */
    static void resume(boolean inside, boolean wrote, boolean read) {
        UNIT.set(inside);
        DIRTY.set(wrote);
        READ.set(read);
    }

    /**
     * A read, inside a unit of work, of everything written so far (by any writer) being made durable; on the embedded
     * store a read without a read concern answers only then. The end of a unit that read but wrote nothing.
     */
    static void awaitDurable(MongoOperations mongo) {
        mongo.execute(
                COMMITS,
                collection -> collection
                        .withReadConcern(com.mongodb.ReadConcern.DEFAULT)
                        .find()
                        .first());
    }

    /**
     * The database a template works on: in bulk work ({@link #run}) and in a unit of work writing with {@link
     * #DEFERRED}, so that what the template's write concern resolver does not see (a {@code findAndModify}, the
     * collections feature code takes with {@code getCollection}) defers its writes as the template's operations do;
     * inside a unit reading with {@link #UNIT_READS}; else as it is. A {@code findAndModify} inside a unit (the
     * outbox's sequence number) waited for a commit of its own in the middle of the unit.
     */
    static com.mongodb.client.MongoDatabase forThisThread(com.mongodb.client.MongoDatabase database) {
        if (ACTIVE.get()) {
            return database.withWriteConcern(DEFERRED);
        }
        return UNIT.get() ? database.withReadConcern(UNIT_READS).withWriteConcern(DEFERRED) : database;
    }

    /**
     * Marks the unit of work on this thread as having read with {@link #UNIT_READS} when such a read starts, and as
     * having written when a deferred write starts that the template's resolver did not see (the driver tells its
     * listeners on the thread that runs the command).
     */
    static com.mongodb.event.CommandListener unitReads() {
        return new com.mongodb.event.CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                if (!UNIT.get()) {
                    return;
                }
                if (event.getCommand().containsKey("readConcern")) {
                    READ.set(true);
                }
                // A deferred write the template's resolver did not see (findAndModify): the unit's commit covers it.
                // Not a delivered event's completion, which is never waited for (see completion below).
                if (!ACTIVE.get()
                        && event.getCommand().get("writeConcern") instanceof org.bson.BsonDocument concern
                        && concern.getBoolean("j", org.bson.BsonBoolean.TRUE).equals(org.bson.BsonBoolean.FALSE)
                        && !(event.getCommandName().equals("delete")
                                && event.getCommand().get("delete").equals(new org.bson.BsonString(PUBLICATIONS)))) {
                    DIRTY.set(true);
                }
            }
        };
    }

    /**
     * A delivered event's publication being deleted (the registry's completion): never waited for. If a crash loses
     * it, the event is delivered again at the next start, and every listener is idempotent, so nothing changes;
     * journaled, it cost each delivered event a commit and a wait of its own. It reaches the disk with the next
     * journaled write.
     */
    private static boolean completion(org.springframework.data.mongodb.core.MongoAction action) {
        return action.getMongoActionOperation() == org.springframework.data.mongodb.core.MongoActionOperation.REMOVE
                && PUBLICATIONS.equals(action.getCollectionName());
    }

    /**
     * Makes every {@link MongoTemplate} (and so every repository) ask for {@link #DEFERRED} inside {@link #run} and a
     * unit of work, and read with {@link #UNIT_READS} inside a unit ({@link UnitReadsDatabaseFactory}).
     */
    static BeanPostProcessor resolver() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof org.springframework.data.mongodb.MongoDatabaseFactory factory
                        && !(bean instanceof UnitReadsDatabaseFactory)) {
                    return new UnitReadsDatabaseFactory(factory);
                }
                if (bean instanceof MongoTemplate template) {
                    template.setWriteConcernResolver(action -> {
                        if (completion(action)) {
                            return DEFERRED; // and the unit needs no commit for it
                        }
                        if (!active()) {
                            return action.getDefaultWriteConcern();
                        }
                        DIRTY.set(true);
                        return DEFERRED;
                    });
                }
                return bean;
            }
        };
    }
}
