package io.leadgrade.store;

import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A unit of work on the store: one request's writes (a lead, its history entry, its handoff, the event
 * publications of what it set off) deferred and made durable together by one commit at its end (see
 * {@link DeferredCommits}), on the embedded store (on MongoDB, {@link MongoUnitOfWork}). Its reads do not wait for other writers'
 * commits one by one ({@link DeferredCommits#UNIT_READS}); its end waits for them once. It is what {@code @Transactional} and
 * {@code TransactionTemplate} mean in LeadGrade, so the event publication registry stores an event in the same
 * commit as the change that published it, and runs its listeners after that commit. It does not undo: a unit that
 * fails still commits what it wrote, as one write at a time would have, and the registry's redelivery and the
 * listeners' idempotence finish what was begun. Inside bulk work ({@link DeferredCommits#run}, an import batch) the
 * bulk work's checkpoint commits instead.
 */
final class StoreTransactionManager extends AbstractPlatformTransactionManager {

    private final transient MongoOperations mongo;

    StoreTransactionManager(MongoOperations mongo) {
        this.mongo = mongo;
        setNestedTransactionAllowed(false);
    }

    /** The unit of this thread: whether one was open when it began (it then joins, and the outer one commits). */
    private static final class Unit {
        boolean outer;
    }

    @Override
    protected Object doGetTransaction() {
        Unit unit = new Unit();
        unit.outer = DeferredCommits.inUnit();
        return unit;
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        return ((Unit) transaction).outer;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        DeferredCommits.unit(true);
    }

    /** A unit set aside while a new one runs: whether it was open, had written, had read. */
    private record SetAside(boolean inside, boolean wrote, boolean read) {}

    @Override
    protected Object doSuspend(Object transaction) {
        // REQUIRES_NEW (a listener after a commit): the new unit commits on its own.
        boolean wrote = DeferredCommits.dirty();
        boolean read = DeferredCommits.read();
        return new SetAside(DeferredCommits.unit(false), wrote, read);
    }

    @Override
    protected void doResume(Object transaction, Object suspended) {
        SetAside aside = (SetAside) suspended;
        DeferredCommits.resume(aside.inside(), aside.wrote(), aside.read());
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        if (DeferredCommits.bulk()) {
            return; // the bulk work's checkpoint commits
        }
        if (DeferredCommits.dirty()) {
            DeferredCommits.commit(mongo);
        } else if (DeferredCommits.read()) {
            // Wrote nothing, but read without waiting: what it read is made durable before it answers.
            DeferredCommits.awaitDurable(mongo);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        // Nothing can be undone: what was written is made as durable as it would have been write by write.
        if (!DeferredCommits.bulk() && DeferredCommits.dirty()) {
            try {
                DeferredCommits.commit(mongo);
            } catch (RuntimeException unreachable) {
                // The store cannot be reached: the failure that rolled back is the one to report.
            }
        }
    }

    @Override
    protected void doSetRollbackOnly(DefaultTransactionStatus status) {
        // A joined unit failed: the outer unit ends as a failure too, which commits what was written (see doRollback).
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        DeferredCommits.unit(false);
    }
}
