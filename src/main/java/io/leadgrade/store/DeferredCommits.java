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
     * A journaled write that changes nothing (the collection's default write concern: the client's, journaled);
     * through the template, so a store that cannot be reached is a {@link DataAccessResourceFailureException} (503).
     */
    static void commit(MongoOperations mongo) {
        mongo.execute(
                COMMITS, collection -> collection.updateOne(Filters.eq("_id", "none"), Updates.set("none", true)));
    }

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
        return before;
    }

    /** Whether the unit of work on this thread wrote anything since it began. */
    static boolean dirty() {
        return DIRTY.get();
    }

    /** Restores the state of a unit of work that was set aside ({@link #unit}, {@link #dirty}). */
    static void resume(boolean inside, boolean wrote) {
        UNIT.set(inside);
        DIRTY.set(wrote);
    }

    /**
     * A delivered event's publication being deleted (the registry's completion): journaled at once rather than
     * deferred, since the registry makes it in a unit of its own that would otherwise need a commit of its own.
     */
    private static boolean completion(org.springframework.data.mongodb.core.MongoAction action) {
        return action.getMongoActionOperation() == org.springframework.data.mongodb.core.MongoActionOperation.REMOVE
                && "event_publication".equals(action.getCollectionName());
    }

    /** Makes every {@link MongoTemplate} (and so every repository) ask for {@link #DEFERRED} inside {@link #run}. */
    static BeanPostProcessor resolver() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof MongoTemplate template) {
                    template.setWriteConcernResolver(action -> {
                        if (!active() || completion(action)) {
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
