package io.leadgrade.store;

import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterType;
import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The unit of work on MongoDB ({@code @Transactional}, {@code TransactionTemplate}). On a replica set or a sharded
 * cluster it is a MongoDB multi-document transaction ({@link MongoTransactionManager}): a request's lead, its history
 * entry, its handoff and the event publications they set off are written together or not at all, and the
 * listeners of those events run after the commit. On a standalone server, which has no transactions, it only
 * orders listeners after the request's writes, each write durable on its own (the writes are ordinary {@code
 * w:majority, j:true} writes: the deferred {@code j:false} writes and no-op commit of the embedded store do not exist
 * here, see {@link DeferredCommits}). {@code leadgrade.store.transactions=false} makes a replica set behave like a
 * standalone server.
 *
 * <p>Which of the two is decided at the first unit of work, when the driver knows what it is connected to.
 */
final class MongoUnitOfWork implements PlatformTransactionManager {

    private final MongoClient client;
    private final String database;
    private final boolean transactionsWanted;
    private final MongoTransactionManager transactions;
    private final PlatformTransactionManager ordering = new OrderingOnly();
    private volatile PlatformTransactionManager chosen;

    MongoUnitOfWork(MongoClient client, MongoDatabaseFactory factory, String database, boolean transactionsWanted) {
        this.client = client;
        this.database = database;
        this.transactionsWanted = transactionsWanted;
        this.transactions = new MongoTransactionManager(factory);
        this.transactions.afterPropertiesSet();
    }

    /** Whether units of work are MongoDB transactions here (a replica set or a sharded cluster, and not turned off). */
    boolean transactional() {
        return manager() == transactions;
    }

    private PlatformTransactionManager manager() {
        PlatformTransactionManager manager = chosen;
        if (manager == null) {
            manager = transactionsWanted && supportsTransactions() ? transactions : ordering;
            chosen = manager;
        }
        return manager;
    }

    private boolean supportsTransactions() {
        ClusterType type = client.getClusterDescription().getType();
        if (type == ClusterType.UNKNOWN) {
            try {
                client.getDatabase(database).runCommand(new Document("ping", 1)); // connects
            } catch (com.mongodb.MongoException unreachable) {
                // Nothing chosen yet: the next unit asks again. The request answers 503, as any store outage does.
                throw new org.springframework.dao.DataAccessResourceFailureException(
                        "MongoDB cannot be reached: " + unreachable.getMessage(), unreachable);
            }
            type = client.getClusterDescription().getType();
        }
        return type == ClusterType.REPLICA_SET || type == ClusterType.SHARDED;
    }

    @Override
    public TransactionStatus getTransaction(TransactionDefinition definition) throws TransactionException {
        return manager().getTransaction(definition);
    }

    @Override
    public void commit(TransactionStatus status) throws TransactionException {
        manager().commit(status);
    }

    @Override
    public void rollback(TransactionStatus status) throws TransactionException {
        manager().rollback(status);
    }

    /** Transaction synchronisation without a transaction: listeners after the unit, writes as they come. */
    private static final class OrderingOnly extends AbstractPlatformTransactionManager {

        /** Whether a unit was open on this thread when this one was asked for (it then joins it). */
        private record Unit(boolean inside) {}

        @Override
        protected Object doGetTransaction() {
            return new Unit(
                    org.springframework.transaction.support.TransactionSynchronizationManager
                            .isActualTransactionActive());
        }

        @Override
        protected boolean isExistingTransaction(Object transaction) {
            return ((Unit) transaction).inside();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected Object doSuspend(Object transaction) {
            return transaction;
        }

        @Override
        protected void doResume(Object transaction, Object suspendedResources) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {}

        @Override
        protected void doRollback(DefaultTransactionStatus status) {}

        @Override
        protected void doSetRollbackOnly(DefaultTransactionStatus status) {
            // Nothing to undo: each write stood on its own. The failure reaches the outer unit's caller.
        }
    }
}
