package io.leadgrade.store;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean(destroyMethod = "shutdown")
    @Conditional(EmbeddedStoreCondition.class)
    EmbeddedMongoServer embeddedMongoServer(StoreProperties properties) {
        EmbeddedMongoServer server = new EmbeddedMongoServer(
                properties.path(),
                properties.port(),
                properties.cacheMegabytes(),
                properties.temporary(),
                properties.compress());
        server.start();
        return server;
    }

    @Bean
    @Conditional(EmbeddedStoreCondition.class)
    MongoConnectionDetails embeddedMongoConnectionDetails(
            EmbeddedMongoServer server, @Value("${spring.mongodb.database:leadgrade}") String database) {
        ConnectionString connectionString = new ConnectionString(server.connectionString(database));
        return () -> connectionString;
    }

    @Bean
    @Conditional(EmbeddedStoreCondition.MongodbUri.class)
    MongoConnectionDetails mongodbUriConnectionDetails(Environment environment) {
        ConnectionString connectionString = new ConnectionString(environment.getRequiredProperty("MONGODB_URI"));
        return () -> connectionString;
    }

    /**
     * Acknowledged means durable: a write returns only once a majority of the replica set has it in its journal (on
     * a single node or the embedded store, once it is on disk).
     */
    @Bean
    MongoClientSettingsBuilderCustomizer durableWrites(
            @Value("${leadgrade.mongodb.server-selection-timeout:#{null}}") java.time.Duration selectionTimeout,
            org.springframework.beans.factory.ObjectProvider<EmbeddedMongoServer> embedded) {
        // How long a request waits for a server it can use before it fails (503). On a replica set an election takes
        // up to ~12 s (10 s to notice the primary is gone, then the vote): 30 s rides it out, so a failover delays
        // requests instead of failing them. The embedded store has no elections: a store out of reach fails in 5 s.
        java.time.Duration timeout = selectionTimeout != null
                ? selectionTimeout
                : java.time.Duration.ofSeconds(embedded.getIfAvailable() != null ? 5 : 30);
        return settings -> settings.writeConcern(WriteConcern.MAJORITY.withJournal(true))
                // The event publication registry keys publications by UUID: stored as the standard binary subtype.
                .uuidRepresentation(org.bson.UuidRepresentation.STANDARD)
                .applyToClusterSettings(
                        cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Units of work ({@code @Transactional}, {@code TransactionTemplate}): one commit for a request's writes and the
     * event publications they set off (see {@link StoreTransactionManager}).
     */
    @Bean
    @Conditional(EmbeddedStoreCondition.class)
    org.springframework.transaction.PlatformTransactionManager transactionManager(
            org.springframework.data.mongodb.core.MongoTemplate mongo) {
        return new StoreTransactionManager(mongo);
    }

    /**
     * Units of work on MongoDB: transactions on a replica set or a sharded cluster, ordering only on a standalone
     * server (see {@link MongoUnitOfWork}).
     */
    @Bean
    @Conditional(EmbeddedStoreCondition.Server.class)
    org.springframework.transaction.PlatformTransactionManager mongoTransactionManager(
            MongoClient client,
            org.springframework.data.mongodb.MongoDatabaseFactory factory,
            @Value("${spring.mongodb.database:leadgrade}") String database,
            @Value("${leadgrade.store.transactions:true}") boolean transactions) {
        return new MongoUnitOfWork(client, factory, database, transactions);
    }

    /** The template of units of work: runs an outermost unit again after a transient transaction error. */
    @Bean
    org.springframework.transaction.support.TransactionTemplate transactionTemplate(
            org.springframework.transaction.PlatformTransactionManager units) {
        return new UnitOfWorkTemplate(units);
    }

    /**
     * Deferred writes for bulk work and units of work on the embedded store (see {@link DeferredCommits}). Real
     * MongoDB gets ordinary majority-journaled writes: with {@code writeConcernMajorityJournalDefault} (its default)
     * a {@code w:majority, j:false} write is acknowledged only once journaled anyway, and may wait for the periodic
     * journal flush on a single-node replica set.
     */
    @Bean
    @Conditional(EmbeddedStoreCondition.class)
    static org.springframework.beans.factory.config.BeanPostProcessor deferredCommitsResolver() {
        return DeferredCommits.resolver();
    }

    /** Tells a unit of work on the embedded store that it read without waiting (see {@link DeferredCommits}). */
    @Bean
    @Conditional(EmbeddedStoreCondition.class)
    MongoClientSettingsBuilderCustomizer unitReads() {
        return settings -> settings.addCommandListener(DeferredCommits.unitReads());
    }

    /**
     * Replaces Boot's MongoDB health check, whose {@code hello} command the embedded server rejects; {@code ping}
     * works on both servers.
     */
    @Bean
    HealthIndicator mongoHealthIndicator(MongoClient client, @Value("${spring.mongodb.database:leadgrade}") String db) {
        return new AbstractHealthIndicator("MongoDB health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                Document reply = client.getDatabase(db).runCommand(new Document("ping", 1));
                builder.up().withDetail("ping", reply.get("ok"));
            }
        };
    }
}
