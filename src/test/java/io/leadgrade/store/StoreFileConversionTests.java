package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import de.bwaldvogel.mongo.MongoServer;
import io.leadgrade.store.DurableH2Backend.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder written by the backend before the BSON format (Java-serialised documents, {@link
 * Format#JAVA_SERIALISED}) is converted on the first start: every document of every collection, every index, and a
 * crash during the conversion leaves a folder the next start converts or finishes.
 */
class StoreFileConversionTests {

    private static final int LEADS = 1_700;

    @TempDir
    Path folder;

    @Test
    void a_folder_of_the_previous_backend_keeps_every_document_and_index() {
        Map<String, List<Document>> written = writeWithPreviousBackend();

        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoDatabase database = client.getDatabase("leadgrade");
            assertThat(everything(database)).isEqualTo(written);
            assertThat(indexNames(database.getCollection("leads")))
                    .containsExactlyInAnyOrder("_id_", "externalId_1", "email_1");
            MongoCollection<Document> leads = database.getCollection("leads");
            assertThat(leads.find(new Document("externalId", "lead-1234")).first())
                    .as("found through the converted unique index")
                    .isNotNull()
                    .containsEntry("_id", written.get("leads").get(1234).get("_id"));
            assertThatThrownBy(() -> leads.insertOne(new Document("externalId", "lead-77")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            leads.insertOne(new Document("externalId", "lead-new").append("email", "new@example.com"));
            assertThat(leads.countDocuments()).isEqualTo(LEADS + 1);
        } finally {
            server.close();
        }
        Path file = folder.resolve("leadgrade.mv");
        assertThat(StoreFileConversion.formatOf(file)).isEqualTo(Format.BSON);
        assertThat(StoreFileConversion.previousFile(file)).exists();
        assertThat(StoreFileConversion.formatOf(StoreFileConversion.previousFile(file)))
                .isEqualTo(Format.JAVA_SERIALISED);
        assertThat(Files.exists(folder.resolve("leadgrade.mv.converting"))).isFalse();

        // A second start finds the BSON file and converts nothing again.
        EmbeddedMongoServer again = new EmbeddedMongoServer(folder, 0, 16, false);
        again.start();
        try (MongoClient client = MongoClients.create(again.connectionString("leadgrade"))) {
            assertThat(client.getDatabase("leadgrade").getCollection("leads").countDocuments())
                    .isEqualTo(LEADS + 1);
        } finally {
            again.close();
        }
    }

    @Test
    void a_conversion_a_crash_cut_short_is_done_again_and_one_cut_after_the_copy_is_finished() throws Exception {
        Map<String, List<Document>> written = writeWithPreviousBackend();
        Path file = folder.resolve("leadgrade.mv");
        Path converting = folder.resolve("leadgrade.mv.converting");

        // Cut short during the copy: a partial file beside the untouched old one.
        Files.writeString(converting, "half a copy");
        assertThat(startAndRead()).isEqualTo(written);

        // Cut after the copy, before its move: the old file already moved aside, the new one complete.
        Files.move(file, converting);
        assertThat(file).doesNotExist();
        assertThat(startAndRead()).isEqualTo(written);
        assertThat(converting).doesNotExist();
    }

    private Map<String, List<Document>> startAndRead() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            return everything(client.getDatabase("leadgrade"));
        } finally {
            server.close();
        }
    }

    /** What the previous backend wrote: leads of many BSON types with two unique indexes, and a second collection. */
    private Map<String, List<Document>> writeWithPreviousBackend() {
        DurableH2Backend previous = DurableH2Backend.openJavaSerialised(folder.resolve("leadgrade.mv"), 16, false);
        MongoServer server = new MongoServer(previous);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoDatabase database = client.getDatabase("leadgrade");
            MongoCollection<Document> leads =
                    database.getCollection("leads").withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            leads.createIndex(new Document("externalId", 1), new IndexOptions().unique(true));
            leads.createIndex(
                    new Document("email", 1), new IndexOptions().unique(true).sparse(true));
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < LEADS; i++) {
                Document lead = new Document("_id", new ObjectId()).append("externalId", "lead-" + i);
                if (i % 3 != 0) {
                    lead.append("email", "lead" + i + "@example.com"); // sparse: some leads have none
                }
                batch.add(lead.append("missing", null)
                        .append("createdAt", new Date(1_780_000_000_000L + i))
                        .append("companySize", i)
                        .append("revenue", 1_000_000_000_000L + i)
                        .append("score", i / 7.0)
                        .append("price", Decimal128.parse("12.50"))
                        .append("mql", i % 2 == 0)
                        .append("tags", List.of("a", "b", i))
                        .append(
                                "grading",
                                new Document("grade", "B2").append("reasons", List.of(new Document("rule", "r"))))
                        .append("raw", new Binary(new byte[] {1, 2, (byte) i})));
                if (batch.size() == 500) {
                    leads.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                leads.insertMany(batch);
            }
            database.getCollection("handoffs").insertOne(new Document("_id", "h-1").append("lead", "lead-1"));
            return everything(database);
        } finally {
            server.shutdownNow();
            previous.close();
        }
    }

    private static Map<String, List<Document>> everything(MongoDatabase database) {
        Map<String, List<Document>> collections = new TreeMap<>();
        for (String name : database.listCollectionNames()) {
            collections.put(
                    name,
                    database.getCollection(name)
                            .find()
                            .sort(new Document("_id", 1))
                            .into(new ArrayList<>()));
        }
        return collections;
    }

    private static List<String> indexNames(MongoCollection<Document> collection) {
        return collection.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
    }
}
