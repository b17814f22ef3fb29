package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store answers a sort by {@code _id} ascending from its stored order (streaming, a batch at a time when
 * the client asks for batches) with the same documents a sort would give, inserted in any order, filtered or not,
 * and after a restart; updates still reach every match.
 */
class KeyOrderedQueryTests {

    @TempDir
    Path data;

    /**
     * A re-grade reads every lead a batch at a time while it writes them back. The chunks the scan's first batch came
     * from are rewritten and freed meanwhile; the rest of the scan must still read every document once.
     */
    @Test
    void aBatchedScanOutlivesTheChunksItStartedOn() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoCollection<Document> leads = client.getDatabase("leadgrade").getCollection("leads");
            String padding = "x".repeat(1500);
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                batch.add(new Document("_id", i).append("n", 0).append("padding", padding));
                if (batch.size() == 500) {
                    leads.insertMany(batch);
                    batch = new ArrayList<>();
                }
            }
            List<Integer> seen = new ArrayList<>();
            try (var scan = leads.find().batchSize(100).iterator()) {
                for (int i = 0; i < 100; i++) {
                    seen.add(scan.next().getInteger("_id"));
                }
                // Every document written again, then the old chunks rewritten and dropped, as housekeeping does.
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 3_000; i += 100) {
                        leads.updateMany(
                                new Document("_id", new Document("$gte", i).append("$lt", i + 100)),
                                new Document("$inc", new Document("n", 1)));
                    }
                    var store = server.backend().mvStore();
                    store.compact(100, 64 << 20);
                    store.commit();
                    store.commit();
                }
                scan.forEachRemaining(document -> seen.add(document.getInteger("_id")));
            }
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                all.add(i);
            }
            assertThat(seen).as("every document once, in order").isEqualTo(all);
        } finally {
            server.close();
        }
    }

    @Test
    void pagesSortedByIdAreTheSortedPagesWhateverTheInsertOrder() {
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ids.add(new ObjectId());
        }
        List<ObjectId> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(5));
        EmbeddedMongoServer server = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoCollection<Document> leads = client.getDatabase("leadgrade").getCollection("leads");
            for (ObjectId id : shuffled) {
                leads.insertOne(new Document("_id", id).append("even", ids.indexOf(id) % 2 == 0));
            }
            assertThat(page(leads, new Document(), 100, 10)).isEqualTo(ids.subList(100, 110));
            List<ObjectId> even = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += 2) {
                even.add(ids.get(i));
            }
            assertThat(page(leads, new Document("even", true), 20, 15)).isEqualTo(even.subList(20, 35));
            assertThat(leads.find()
                            .sort(new Document("_id", 1))
                            .batchSize(50)
                            .map(document -> document.getObjectId("_id"))
                            .into(new ArrayList<>()))
                    .as("read lazily, fifty at a time")
                    .isEqualTo(ids);
            assertThat(leads.find(new Document("even", true))
                            .batchSize(7)
                            .skip(3)
                            .limit(40)
                            .map(d -> d.getObjectId("_id"))
                            .into(new ArrayList<>()))
                    .isEqualTo(even.subList(3, 43));
            try (var cursor = leads.find().batchSize(10).iterator()) {
                assertThat(cursor.next().getObjectId("_id")).isEqualTo(ids.get(0));
            }
            assertThat(leads.updateMany(new Document("even", true), new Document("$set", new Document("seen", 1)))
                            .getModifiedCount())
                    .as("the server's own queries still see every match")
                    .isEqualTo(300);
            List<ObjectId> descending = new ArrayList<>(ids);
            Collections.reverse(descending);
            assertThat(leads.find()
                            .sort(new Document("_id", -1))
                            .limit(5)
                            .map(d -> d.getObjectId("_id"))
                            .into(new ArrayList<>()))
                    .as("other sorts are still sorted")
                    .isEqualTo(descending.subList(0, 5));
        } finally {
            server.shutdown();
        }
        EmbeddedMongoServer reopened = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        reopened.start();
        try (MongoClient client = MongoClients.create(reopened.connectionString("leadgrade"))) {
            MongoCollection<Document> leads = client.getDatabase("leadgrade").getCollection("leads");
            assertThat(page(leads, new Document(), 590, 50)).isEqualTo(ids.subList(590, 600));
        } finally {
            reopened.shutdown();
        }
    }

    @Test
    void aQueryThatNamesAUniqueIndexsKeysAmongOthersIsAnsweredFromThatIndex() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoCollection<Document> handoffs = client.getDatabase("leadgrade").getCollection("handoffs");
            handoffs.createIndex(
                    new Document("externalId", 1), new com.mongodb.client.model.IndexOptions().unique(true));
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                documents.add(new Document("_id", "h" + i)
                        .append("externalId", "x" + i)
                        .append("version", i % 3)
                        .append("status", i % 2 == 0 ? "OPEN" : "CLOSED"));
            }
            handoffs.insertMany(documents);
            long before = DurableH2Backend.collectionScans("leadgrade.handoffs");

            // A version-checked save: the _id index finds the document, the version decides whether it matches.
            assertThat(handoffs.updateOne(
                                    new Document("_id", "h7").append("version", 1),
                                    new Document("$set", new Document("version", 2)))
                            .getModifiedCount())
                    .isEqualTo(1);
            assertThat(handoffs.updateOne(
                                    new Document("_id", "h8").append("version", 0),
                                    new Document("$set", new Document("version", 9)))
                            .getModifiedCount())
                    .as("h8 is at version 2")
                    .isZero();
            assertThat(handoffs.find(new Document("externalId", "x10").append("status", "OPEN"))
                            .into(new ArrayList<>()))
                    .extracting(document -> document.get("_id"))
                    .containsExactly("h10");
            assertThat(handoffs.find(new Document("externalId", "x11").append("status", "OPEN"))
                            .into(new ArrayList<>()))
                    .isEmpty();
            assertThat(handoffs.find(new Document("_id", new Document("$in", List.of("h1", "h2", "h3", "nope")))
                                    .append("status", "CLOSED"))
                            .into(new ArrayList<>()))
                    .extracting(document -> document.get("_id"))
                    .containsExactlyInAnyOrder("h1", "h3");
            assertThat(DurableH2Backend.collectionScans("leadgrade.handoffs"))
                    .as("none of these read the whole collection")
                    .isEqualTo(before);

            assertThat(handoffs.find(new Document("status", "OPEN")).into(new ArrayList<>()))
                    .hasSize(100);
            assertThat(DurableH2Backend.collectionScans("leadgrade.handoffs"))
                    .as("a query no index serves does")
                    .isEqualTo(before + 1);
            assertThat(handoffs.countDocuments(new Document("_id", "h1")))
                    .as("a count is an aggregation, which reads the whole collection")
                    .isEqualTo(1);
            assertThat(DurableH2Backend.collectionScans("leadgrade.handoffs")).isEqualTo(before + 2);
        } finally {
            server.shutdown();
        }
    }

    /**
     * The store's pages hold each document's BSON bytes, not the server's document objects (a commit then copies
     * bytes instead of encoding every document of every page it writes), and the sorts the stored order does not
     * serve ($natural descending, another field) still see every document.
     */
    @Test
    void documentsAreKeptAsTheirBsonBytesAndEverySortStillSeesThem() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoCollection<Document> leads = client.getDatabase("leadgrade").getCollection("leads");
            for (int i = 0; i < 20; i++) {
                leads.insertOne(new Document("_id", i).append("score", (i * 7) % 20));
            }
            leads.updateOne(new Document("_id", 3), new Document("$set", new Document("note", "kept")));
            List<Integer> natural = new ArrayList<>();
            leads.find().sort(new Document("$natural", -1)).forEach(lead -> natural.add(lead.getInteger("_id")));
            List<Integer> byScore = new ArrayList<>();
            leads.find(new Document("score", new Document("$gte", 10)))
                    .sort(new Document("score", -1))
                    .forEach(lead -> byScore.add(lead.getInteger("score")));
            assertThat(natural).hasSize(20).isSortedAccordingTo(Collections.reverseOrder());
            assertThat(byScore).containsExactly(19, 18, 17, 16, 15, 14, 13, 12, 11, 10);

            var stored = server.backend()
                    .mvStore()
                    .openMap(
                            DurableH2Backend.DATA_PREFIX + "leadgrade.leads",
                            DurableH2Backend.dataMap(DurableH2Backend.Format.BSON));
            assertThat(stored.get(3)).isInstanceOf(byte[].class);
            assertThat(BsonDocumentType.decode((byte[]) stored.get(3)))
                    .containsEntry("note", "kept")
                    .containsEntry("score", 1);
        } finally {
            server.shutdown();
        }
    }

    @Test
    void collStatsGivesTheSizeOfTheDocumentsAsTheyAreNowThoughNoWriteKeepsIt() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            var db = client.getDatabase("leadgrade");
            MongoCollection<Document> leads = db.getCollection("leads");
            for (int i = 0; i < 50; i++) {
                leads.insertOne(new Document("_id", "l" + i).append("name", "lead " + i));
            }
            leads.updateOne(new Document("_id", "l3"), new Document("$set", new Document("notes", "x".repeat(500))));
            leads.deleteOne(new Document("_id", "l4"));
            long expected = 0;
            for (Document lead : leads.find()) {
                expected += new org.bson.RawBsonDocument(lead, new org.bson.codecs.DocumentCodec())
                        .getByteBuffer()
                        .remaining();
            }
            Document stats = db.runCommand(new Document("collStats", "leads"));
            assertThat(((Number) stats.get("size")).longValue()).isEqualTo(expected);
            assertThat(((Number) stats.get("count")).longValue()).isEqualTo(49);
        } finally {
            server.shutdown();
        }
    }

    private static List<ObjectId> page(MongoCollection<Document> leads, Document filter, int skip, int limit) {
        return leads.find(filter)
                .sort(new Document("_id", 1))
                .skip(skip)
                .limit(limit)
                .map(document -> document.getObjectId("_id"))
                .into(new ArrayList<>());
    }
}
