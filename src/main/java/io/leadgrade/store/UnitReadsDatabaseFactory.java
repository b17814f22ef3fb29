package io.leadgrade.store;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * The embedded store's database factory: inside a unit of work the databases it hands out read with {@link
 * DeferredCommits#UNIT_READS}, so the unit's reads do not each wait for other writers' commits (see {@link
 * DeferredCommits#forThisThread}). Everything else is the factory it wraps.
 */
final class UnitReadsDatabaseFactory implements MongoDatabaseFactory {

    private final MongoDatabaseFactory factory;

    UnitReadsDatabaseFactory(MongoDatabaseFactory factory) {
        this.factory = factory;
    }

    @Override
    public MongoDatabase getMongoDatabase() {
        return DeferredCommits.forThisThread(factory.getMongoDatabase());
    }

    @Override
    public MongoDatabase getMongoDatabase(String dbName) {
        return DeferredCommits.forThisThread(factory.getMongoDatabase(dbName));
    }

    @Override
    public PersistenceExceptionTranslator getExceptionTranslator() {
        return factory.getExceptionTranslator();
    }

    @Override
    public ClientSession getSession(ClientSessionOptions options) {
        return factory.getSession(options);
    }

    @Override
    public MongoDatabaseFactory withSession(ClientSession session) {
        return factory.withSession(session);
    }

    @Override
    public boolean isTransactionActive() {
        return factory.isTransactionActive();
    }
}
