package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * An outermost unit of work that MongoDB aborted as a transient transaction error is run again from the start; a
 * unit inside another, and any other failure, is not.
 */
class UnitOfWorkTemplateTests {

    private final CountingUnits units = new CountingUnits();
    private final UnitOfWorkTemplate template = new UnitOfWorkTemplate(units);

    @Test
    void anOutermostUnitAbortedByAWriteConflictRunsAgainFromTheStart() {
        AtomicInteger runs = new AtomicInteger();
        String result = template.execute(status -> {
            if (runs.incrementAndGet() < 3) {
                throw writeConflict();
            }
            return "written";
        });
        assertThat(result).isEqualTo("written");
        assertThat(runs).hasValue(3);
        assertThat(units.rolledBack).as("each failed attempt was rolled back").hasValue(2);
        assertThat(units.committed).hasValue(1);
    }

    @Test
    void itGivesUpAfterItsAttempts() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> template.execute(status -> {
                    runs.incrementAndGet();
                    throw writeConflict();
                }))
                .isInstanceOf(MongoException.class);
        assertThat(runs).hasValue(UnitOfWorkTemplate.ATTEMPTS);
    }

    @Test
    void otherFailuresAndInnerUnitsAreNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> template.execute(status -> {
                    runs.incrementAndGet();
                    throw new IllegalArgumentException("email: not an address");
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(runs).hasValue(1);

        AtomicInteger inner = new AtomicInteger();
        AtomicInteger outer = new AtomicInteger();
        assertThatThrownBy(() -> template.execute(status -> {
                    outer.incrementAndGet();
                    if (outer.get() == 1) {
                        return template.execute(nested -> {
                            inner.incrementAndGet();
                            throw writeConflict();
                        });
                    }
                    throw new IllegalStateException("the second attempt ends here");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(inner).as("the inner unit is left to the outer one").hasValue(1);
        assertThat(outer).as("which runs again").hasValue(2);
    }

    private static MongoException writeConflict() {
        MongoException conflict = new MongoException(112, "WriteConflict");
        conflict.addLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
        return conflict;
    }

    /** A transaction manager that only counts. */
    private static final class CountingUnits extends AbstractPlatformTransactionManager {

        final AtomicInteger committed = new AtomicInteger();
        final AtomicInteger rolledBack = new AtomicInteger();
        private final ThreadLocal<Boolean> open = ThreadLocal.withInitial(() -> false);

        @Override
        protected Object doGetTransaction() {
            return open.get();
        }

        @Override
        protected boolean isExistingTransaction(Object transaction) {
            return (Boolean) transaction;
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            open.set(true);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            committed.incrementAndGet();
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            rolledBack.incrementAndGet();
        }

        @Override
        protected void doSetRollbackOnly(DefaultTransactionStatus status) {}

        @Override
        protected void doCleanupAfterCompletion(Object transaction) {
            open.set(false);
        }
    }
}
