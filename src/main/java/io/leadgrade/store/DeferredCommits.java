package io.leadgrade.store;

import com.mongodb.WriteConcern;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Bulk work (an import, a re-grade) that may write many documents without waiting for each to reach the disk. Inside
 * {@link #run}, writes on this thread ask for no journal ({@code j: false}); the embedded store then keeps them in
 * memory until the next write that does ask for it, which commits everything before it in one go. Bulk work makes
 * its own checkpoint (the position it has reached) a normal write, so a crash loses at most the writes since its last
 * checkpoint, which it does again on restart. On real MongoDB the same writes skip the wait for the journal.
 */
public final class DeferredCommits {

    /** What the deferred writes ask for: still acknowledged by a majority, not yet journaled. */
    static final WriteConcern DEFERRED = WriteConcern.MAJORITY.withJournal(false);

    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    private DeferredCommits() {}

    /** Runs {@code work} with this thread's writes deferred; its result is not durable before a later normal write. */
    public static <T> T run(Supplier<T> work) {
        boolean outer = ACTIVE.get();
        ACTIVE.set(true);
        try {
            return work.get();
        } finally {
            ACTIVE.set(outer);
        }
    }

    static boolean active() {
        return ACTIVE.get();
    }

    /** Makes every {@link MongoTemplate} (and so every repository) ask for {@link #DEFERRED} inside {@link #run}. */
    static BeanPostProcessor resolver() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof MongoTemplate template) {
                    template.setWriteConcernResolver(action -> active() ? DEFERRED : action.getDefaultWriteConcern());
                }
                return bean;
            }
        };
    }
}
