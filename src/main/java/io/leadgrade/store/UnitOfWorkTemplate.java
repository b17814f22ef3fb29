package io.leadgrade.store;

import com.mongodb.MongoException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code TransactionTemplate} of LeadGrade's units of work. An outermost unit that MongoDB aborted as a
 * transient transaction error (a write conflict with another instance's transaction, a primary that stepped down)
 * is run again from the start, as MongoDB's documentation prescribes for callbacks; a unit inside another is left
 * to the outer one. On the embedded store and on a standalone server no unit is a transaction, and no such error
 * occurs.
 */
final class UnitOfWorkTemplate extends TransactionTemplate {

    static final int ATTEMPTS = 5;

    UnitOfWorkTemplate(PlatformTransactionManager units) {
        super(units);
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) throws TransactionException {
        boolean outermost = !TransactionSynchronizationManager.isActualTransactionActive();
        for (int attempt = 1; ; attempt++) {
            try {
                return super.execute(action);
            } catch (RuntimeException failure) {
                if (!outermost || attempt == ATTEMPTS || !isTransient(failure)) {
                    throw failure;
                }
            }
        }
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoException mongo
                    && mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
                return true;
            }
        }
        return false;
    }
}
