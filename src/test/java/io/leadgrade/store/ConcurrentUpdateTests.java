package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.UpdateOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates and commits at once on the embedded store. mongo-java-server changes the document it updates in place, and
 * that object was the one in the store's pages: a commit serialising the pages on another thread met it changing
 * (the store closed itself with a {@code ConcurrentModificationException} during a demo import), and a reader could
 * see half an update. Updates now work on copies; these threads update the same few wide documents, each update
 * committed, and every one must be answered and counted, and the store must reopen with the same counts.
 */
class ConcurrentUpdateTests {

    static final int THREADS = 4;
    static final int UPDATES = 300;
    static final int FIELDS = 200;
    static final int DOCUMENTS = 3;

    @TempDir
    Path folder;

    @Test
    void updates_of_the_same_documents_while_commits_run_are_all_stored_and_the_store_stays_open() throws Exception {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("test"))) {
            MongoCollection<Document> counters = client.getDatabase("test")
                    .getCollection("counters")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < UPDATES; i++) {
                            Document inc = new Document();
                            for (int f = 0; f < FIELDS; f++) {
                                inc.append("g.f" + f, 1L);
                            }
                            String id = "d" + (i % DOCUMENTS);
                            // Fields come and go at the top level too, as a lead gains and loses its handoff state.
                            Document update = new Document("$inc", inc)
                                    .append("$set", new Document("t" + thread + "_" + i, i))
                                    .append("$unset", new Document("t" + thread + "_" + (i - DOCUMENTS), ""));
                            if ((i + thread) % 2 == 0) {
                                counters.updateOne(Filters.eq("_id", id), update, new UpdateOptions().upsert(true));
                            } else {
                                counters.findOneAndUpdate(
                                        Filters.eq("_id", id), update, new FindOneAndUpdateOptions().upsert(true));
                            }
                            // A reader beside the writers: a document is always whole.
                            Document read = counters.find(Filters.eq("_id", id)).first();
                            Document g = read.get("g", Document.class);
                            assertThat(g.getLong("f0")).isEqualTo(g.getLong("f" + (FIELDS - 1)));
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(total(counters)).isEqualTo((long) THREADS * UPDATES * FIELDS);
        } finally {
            server.close();
        }

        EmbeddedMongoServer reopened = new EmbeddedMongoServer(folder, 0, 16, false);
        reopened.start();
        try (MongoClient client = MongoClients.create(reopened.connectionString("test"))) {
            assertThat(total(client.getDatabase("test").getCollection("counters")))
                    .as("on disk after a restart")
                    .isEqualTo((long) THREADS * UPDATES * FIELDS);
        } finally {
            reopened.close();
        }
    }

    private static long total(MongoCollection<Document> counters) {
        long total = 0;
        for (Document document : counters.find()) {
            for (Object count : document.get("g", Document.class).values()) {
                total += ((Number) count).longValue();
            }
        }
        return total;
    }
}
