package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The unit of work on a MongoDB server picks what the server offers: a server without transactions (here the
 * wire-compatible embedded server, which reports itself as a standalone mongod) gets units that order listeners
 * after the writes and write nothing themselves; a server that cannot be reached fails the unit as a store outage
 * (503), and the choice is made again at the next unit. Transactions on a replica set are exercised by the
 * Testcontainers tests where Docker runs.
 */
class MongoUnitOfWorkTests {

    @TempDir
    Path data;

    @Test
    void aStandaloneServerGetsUnitsThatOrderListenersAfterTheWritesWithoutATransaction() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoUnitOfWork units = new MongoUnitOfWork(
                    client, new SimpleMongoClientDatabaseFactory(client, "leadgrade"), "leadgrade", true);
            boolean[] synchronised = new boolean[2];
            new UnitOfWorkTemplate(units).executeWithoutResult(status -> {
                synchronised[0] = TransactionSynchronizationManager.isSynchronizationActive();
                // A unit inside joins this one rather than starting a second synchronisation.
                new UnitOfWorkTemplate(units)
                        .executeWithoutResult(inner ->
                                synchronised[1] = TransactionSynchronizationManager.isActualTransactionActive());
            });
            assertThat(synchronised).containsExactly(true, true);
            assertThat(units.transactional())
                    .as("the embedded server has no transactions")
                    .isFalse();
            assertThat(client.getDatabase("leadgrade").listCollectionNames().into(new java.util.ArrayList<>()))
                    .as("a unit writes nothing of its own (no commit document)")
                    .doesNotContain(DeferredCommits.COMMITS);
        } finally {
            server.shutdown();
        }
    }

    @Test
    void aServerThatCannotBeReachedFailsTheUnitAsAStoreOutageAndIsAskedAgainNextTime() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + closed))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(200, TimeUnit.MILLISECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoUnitOfWork units = new MongoUnitOfWork(
                    client, new SimpleMongoClientDatabaseFactory(client, "leadgrade"), "leadgrade", true);
            UnitOfWorkTemplate template = new UnitOfWorkTemplate(units);
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> template.executeWithoutResult(status -> {}))
                        .isInstanceOf(DataAccessResourceFailureException.class)
                        .hasMessageContaining("MongoDB cannot be reached");
            }
        }
    }
}
