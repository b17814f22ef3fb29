package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import io.leadgrade.store.DurableH2Backend.Format;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.SFChunk;
import org.h2.mvstore.SingleFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means on stable storage: the commit before an answer forces the file to disk, and concurrent writers
 * share that commit (group commit) while each still waits for its own write to be durable.
 */
class DurableCommitTests {

    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 40;

    @TempDir
    Path folder;

    @Test
    void an_acknowledged_write_has_been_forced_to_disk() {
        SyncWatchingFileStore file = new SyncWatchingFileStore();
        file.open(folder.resolve("leadgrade.mv").toString(), false, null);
        DurableH2Backend backend = DurableH2Backend.open(
                new MVStore.Builder().adoptFileStore(file).autoCommitDisabled(), Format.BSON, true);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> things = durable(client);
            for (int i = 0; i < 20; i++) {
                things.insertOne(new Document("_id", i).append("n", i));
                assertThat(file.writtenSinceSync)
                        .as("bytes written to the file but not forced to disk when write %d was acknowledged", i)
                        .isZero();
                things.updateOne(Filters.eq("_id", i), new Document("$inc", new Document("n", 1)));
                assertThat(file.writtenSinceSync).as("after update %d", i).isZero();
            }
            assertThat(file.syncs.get()).as("syncs").isGreaterThanOrEqualTo(40);
            // The backend counts its commits' syncs; moving chunks to reclaim space (now and then) syncs on its own.
            assertThat(backend.syncs()).isGreaterThanOrEqualTo(40).isLessThanOrEqualTo(file.syncs.get());
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void concurrent_writers_share_syncs_and_each_answer_waits_for_its_own_write() throws Exception {
        Path file = folder.resolve("leadgrade.mv");
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
        long syncsBefore = server.backend().syncs();
        Path copy = folder.resolve("copy.mv");
        try (MongoClient client = MongoClients.create(server.connectionString("test"))) {
            MongoCollection<Document> things = durable(client);
            things.insertOne(new Document("_id", -1)); // the collection exists before the race
            syncsBefore = server.backend().syncs();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            CyclicBarrier start = new CyclicBarrier(THREADS);
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(threads.submit(() -> {
                    start.await();
                    for (int w = 0; w < WRITES_PER_THREAD; w++) {
                        int id = next.getAndIncrement();
                        things.insertOne(new Document("_id", id).append("payload", "x".repeat(500)));
                        acknowledged.add(id);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            threads.shutdown();
            // The file as a crash would leave it: copied while the store is still open, nothing closed or flushed.
            Files.copy(file, copy);
        } finally {
            long syncs = server.backend().syncs() - syncsBefore;
            server.close();
            assertThat(syncs)
                    .as("syncs for %d concurrent acknowledged writes", THREADS * WRITES_PER_THREAD)
                    .isPositive()
                    .isLessThan(THREADS * WRITES_PER_THREAD);
        }
        assertThat(acknowledged).hasSize(THREADS * WRITES_PER_THREAD);
        try (MVStore crashed = new MVStore.Builder().fileName(copy.toString()).open()) {
            MVMap<Object, Object> documents =
                    crashed.openMap("databases.test.things", DurableH2Backend.dataMap(Format.BSON));
            for (Integer id : acknowledged) {
                assertThat(documents.get(id)).as("acknowledged document %d", id).isNotNull();
            }
        }
    }

    @Test
    void a_local_read_answers_while_a_commit_syncs_and_a_plain_read_waits_for_it() throws Exception {
        BlockingSyncFileStore file = new BlockingSyncFileStore();
        file.open(folder.resolve("leadgrade.mv").toString(), false, null);
        DurableH2Backend backend = DurableH2Backend.open(
                new MVStore.Builder().adoptFileStore(file).autoCommitDisabled(), Format.BSON, true);
        MongoServer server = new MongoServer(backend);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        java.util.concurrent.CountDownLatch disk = new java.util.concurrent.CountDownLatch(1);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> things = durable(client);
            things.insertOne(new Document("_id", 0));
            file.gate = disk;
            Future<?> writing = threads.submit(() -> things.insertOne(new Document("_id", 1)));
            file.syncing.acquire(); // the write's commit is in its sync, which the "disk" holds

            Future<Long> local = threads.submit(
                    () -> things.withReadConcern(com.mongodb.ReadConcern.LOCAL).countDocuments());
            assertThat(local.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .as("a local read answers while the commit waits for the disk, and sees the write")
                    .isEqualTo(2);
            Future<Long> plain = threads.submit(() -> things.countDocuments());
            Thread.sleep(300);
            assertThat(plain.isDone()).as("a plain read waits for the commit").isFalse();
            assertThat(writing.isDone()).as("and so does the write's answer").isFalse();

            disk.countDown();
            assertThat(plain.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
            writing.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            file.gate = null;
            disk.countDown();
            threads.shutdownNow();
            server.shutdownNow();
        }
    }

    private static MongoCollection<Document> durable(MongoClient client) {
        return client.getDatabase("test")
                .getCollection("things")
                .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
    }

    /** H2's file store whose syncs, once a gate is set, wait for it to open: a slow disk, held by the test. */
    private static final class BlockingSyncFileStore extends SingleFileStore {

        volatile java.util.concurrent.CountDownLatch gate;
        final java.util.concurrent.Semaphore syncing = new java.util.concurrent.Semaphore(0);

        BlockingSyncFileStore() {
            super(new HashMap<>());
        }

        @Override
        public void sync() {
            java.util.concurrent.CountDownLatch held = gate;
            if (held != null) {
                syncing.release();
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.sync();
        }
    }

    /** H2's file store, watching what was written to the file since the last time it was forced to disk. */
    private static final class SyncWatchingFileStore extends SingleFileStore {

        volatile long writtenSinceSync;
        final AtomicInteger syncs = new AtomicInteger();

        SyncWatchingFileStore() {
            super(new HashMap<>());
        }

        @Override
        protected void writeFully(SFChunk chunk, long position, ByteBuffer source) {
            int bytes = source.remaining();
            super.writeFully(chunk, position, source);
            writtenSinceSync += bytes;
        }

        @Override
        public void sync() {
            super.sync();
            writtenSinceSync = 0;
            syncs.incrementAndGet();
        }
    }
}
