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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A data folder written by a backend before BSON keys (Java-serialised documents, {@link Format#JAVA_SERIALISED}, or
 * BSON documents with Java-serialised keys, {@link Format#BSON_DOCUMENTS}) is converted on the first start: every
 * document of every collection, every index, and a crash during the conversion leaves a folder the next start
 * converts or finishes.
 */
class StoreFileConversionTests {

    private static final int LEADS = 1_700;

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(names = {"JAVA_SERIALISED", "BSON_DOCUMENTS"})
    void a_folder_of_a_previous_backend_keeps_every_document_and_index(Format previousFormat) {
        Map<String, Map<Object, Document>> written = writeWithPreviousBackend(previousFormat);

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
                    .containsEntry("_id", idOf(written.get("leads"), "lead-1234"));
            assertThatThrownBy(() -> leads.insertOne(new Document("externalId", "lead-77")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            leads.insertOne(new Document("externalId", "lead-new").append("email", "new@example.com"));
            assertThat(leads.countDocuments()).isEqualTo(LEADS + 1);
            MongoCollection<Document> mixed = database.getCollection("mixed");
            for (Object id : written.get("mixed").keySet()) {
                assertThat(mixed.find(new Document("_id", id)).first())
                        .as("found by its _id %s (%s)", id, id.getClass().getSimpleName())
                        .isEqualTo(written.get("mixed").get(id));
            }
            assertThatThrownBy(() -> mixed.insertOne(new Document("_id", new Document("day", "2026-12-01"))))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
        } finally {
            server.close();
        }
        Path file = folder.resolve("leadgrade.mv");
        assertThat(StoreFileConversion.formatOf(file)).isEqualTo(Format.BSON);
        Path previous = StoreFileConversion.previousFile(file, previousFormat);
        assertThat(previous).exists();
        assertThat(StoreFileConversion.formatOf(previous)).isEqualTo(previousFormat);
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
    void a_folder_a_newer_version_wrote_is_refused_with_its_format_and_left_as_it_is() throws Exception {
        Path file = folder.resolve("leadgrade.mv");
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            client.getDatabase("leadgrade").getCollection("leads").insertOne(new Document("externalId", "lead-1"));
        } finally {
            server.close();
        }
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
            StoreFileConversion.mark(store, "bson-9");
        }
        byte[] before = Files.readAllBytes(file);

        EmbeddedMongoServer newer = new EmbeddedMongoServer(folder, 0, 16, false);
        assertThatThrownBy(newer::start)
                .isInstanceOfSatisfying(
                        StoreFormatUnknownException.class,
                        e -> assertThat(e.format()).isEqualTo("bson-9"))
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("'bson-9'")
                .hasMessageContaining("a newer version wrote it");
        assertThat(newer.isRunning()).isFalse();
        assertThat(Files.readAllBytes(file)).as("the file is not touched").isEqualTo(before);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("nothing converted beside it")
                    .noneMatch(name -> name.startsWith("leadgrade.mv."));
        }

        var analysis = new StoreFolderFailureAnalyzer()
                .analyze(new IllegalStateException("context", new StoreFormatUnknownException(file, "bson-9")));
        assertThat(analysis.getDescription()).contains("'bson-9'").doesNotContain("\n");
        assertThat(analysis.getAction()).contains("--leadgrade.store.embedded.path");
    }

    @ParameterizedTest
    @EnumSource(names = {"JAVA_SERIALISED", "BSON_DOCUMENTS"})
    void a_conversion_a_crash_cut_short_is_done_again_and_one_cut_after_the_copy_is_finished(Format previousFormat)
            throws Exception {
        Map<String, Map<Object, Document>> written = writeWithPreviousBackend(previousFormat);
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

    private Map<String, Map<Object, Document>> startAndRead() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            return everything(client.getDatabase("leadgrade"));
        } finally {
            server.close();
        }
    }

    /**
     * What a previous backend wrote: leads of many BSON types with two unique indexes, a second collection, and one
     * whose {@code _id}s are of many types (numbers, strings, documents like the report rollups', binary, dates).
     */
    private Map<String, Map<Object, Document>> writeWithPreviousBackend(Format format) {
        Path file = folder.resolve("leadgrade.mv");
        DurableH2Backend previous = format == Format.JAVA_SERIALISED
                ? DurableH2Backend.openJavaSerialised(file, 16, false)
                : DurableH2Backend.openBsonDocuments(DurableH2Backend.builder(file, 16));
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
            List<Object> ids = List.of(
                    7,
                    3L,
                    2.5,
                    -1,
                    "h-2",
                    "",
                    new Document("day", "2026-12-01"),
                    new Document("day", "2026-12-01").append("rep", "r-1"),
                    new ObjectId(),
                    new Binary(new byte[] {9}),
                    new Binary(org.bson.BsonBinarySubType.UUID_STANDARD, new byte[16]), // a UUID to the server
                    new Date(1_780_000_000_000L),
                    true);
            MongoCollection<Document> mixed = database.getCollection("mixed");
            for (Object id : ids) {
                mixed.insertOne(
                        new Document("_id", id).append("kind", id.getClass().getSimpleName()));
            }
            return everything(database);
        } finally {
            server.shutdownNow();
            previous.close();
        }
    }

    private static Object idOf(Map<Object, Document> leads, String externalId) {
        return leads.values().stream()
                .filter(lead -> externalId.equals(lead.get("externalId")))
                .findFirst()
                .orElseThrow()
                .get("_id");
    }

    /** Every document of every collection, by {@code _id}. */
    private static Map<String, Map<Object, Document>> everything(MongoDatabase database) {
        Map<String, Map<Object, Document>> collections = new TreeMap<>();
        for (String name : database.listCollectionNames()) {
            Map<Object, Document> documents = new LinkedHashMap<>();
            database.getCollection(name).find().forEach(document -> documents.put(document.get("_id"), document));
            collections.put(name, documents);
        }
        return collections;
    }

    private static List<String> indexNames(MongoCollection<Document> collection) {
        return collection.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
    }
}
