package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index key type of the formats before BSON keys ({@link DurableH2Backend.IndexKeyType}) orders keys exactly as
 * H2's stock type does, so a store file written before it (or by the stock mongo-java-server) is read and converted
 * correctly, its old file stays readable by the stock backend, and the converted indexes are found, searched and
 * extended.
 */
class IndexKeyTypeTests {

    private static final int LEADS = 3_000;

    @TempDir
    Path folder;

    @Test
    void compares_every_pair_of_keys_as_the_stock_type_does() {
        Random random = new Random(11);
        List<KeyValue> keys = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            keys.add(
                    switch (i % 4) {
                        case 0 -> new KeyValue(new de.bwaldvogel.mongo.bson.ObjectId());
                        case 1 -> new KeyValue("lead-" + random.nextInt(1_000));
                        case 2 -> new KeyValue(random.nextInt(1_000), "x" + random.nextInt(5));
                        default -> new KeyValue(random.nextDouble(), (Object) null);
                    });
        }
        ObjectDataType stock = new ObjectDataType();
        DurableH2Backend.IndexKeyType ours = new DurableH2Backend.IndexKeyType();
        for (KeyValue a : keys) { // a binary search: one key compared with many
            for (KeyValue b : keys) {
                assertThat(Integer.signum(ours.compare(a, b)))
                        .as("%s against %s", a, b)
                        .isEqualTo(Integer.signum(stock.compare(a, b)));
            }
        }
    }

    @Test
    void a_store_written_by_the_stock_backend_is_converted_searched_and_extended_and_its_old_file_kept() {
        Map<ObjectId, String> ids = new LinkedHashMap<>();
        withStockBackend(folder.resolve("leadgrade.mv"), leads -> {
            leads.createIndex(new Document("externalId", 1), new IndexOptions().unique(true));
            for (int i = 0; i < LEADS; i++) {
                ObjectId id = new ObjectId();
                ids.put(id, "lead-" + i);
                leads.insertOne(new Document("_id", id).append("externalId", "lead-" + i));
            }
        });

        Map<ObjectId, String> before = new LinkedHashMap<>(ids);

        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoCollection<Document> leads = client.getDatabase("leadgrade").getCollection("leads");
            findsEveryLead(leads, ids);
            assertThatThrownBy(() -> leads.insertOne(new Document("externalId", "lead-1234")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            for (int i = LEADS; i < LEADS + 500; i++) {
                ObjectId id = new ObjectId();
                ids.put(id, "lead-" + i);
                leads.insertOne(new Document("_id", id).append("externalId", "lead-" + i));
            }
            leads.deleteOne(new Document("externalId", "lead-7"));
            ids.values().remove("lead-7");
            findsEveryLead(leads, ids);
        } finally {
            server.close();
        }
        try (MVStore store = MVStore.open(folder.resolve("leadgrade.mv").toString())) {
            MVMap<Object, Object> index = store.openMap(
                    DurableH2Backend.indexMapName("leadgrade.leads", "externalId_1"),
                    DurableH2Backend.indexMap(DurableH2Backend.Format.BSON));
            assertThat(index.sizeAsLong()).isEqualTo(ids.size());
            // The key type is given to the map the index uses, not to one of another name that stays empty.
            for (String name : store.getMapNames()) {
                if (name.contains("._index_")) {
                    assertThat(store.openMap(name, DurableH2Backend.indexMap(DurableH2Backend.Format.BSON))
                                    .sizeAsLong())
                            .as(name)
                            .isPositive();
                }
            }
        }

        // The file as it was before the conversion stays readable by the stock backend.
        withStockBackend(
                StoreFileConversion.previousFile(
                        folder.resolve("leadgrade.mv"), DurableH2Backend.Format.JAVA_SERIALISED),
                leads -> findsEveryLead(leads, before));
    }

    private static void findsEveryLead(MongoCollection<Document> leads, Map<ObjectId, String> ids) {
        assertThat(leads.countDocuments()).isEqualTo(ids.size());
        ids.forEach((id, externalId) -> {
            assertThat(leads.find(new Document("_id", id)).first())
                    .as("lead %s by _id", id)
                    .isNotNull()
                    .containsEntry("externalId", externalId);
            assertThat(leads.find(new Document("externalId", externalId)).first())
                    .as("lead %s by externalId", externalId)
                    .isNotNull()
                    .containsEntry("_id", id);
        });
    }

    private static void withStockBackend(Path file, Consumer<MongoCollection<Document>> work) {
        MVStore store = MVStore.open(file.toString());
        MongoServer server = new MongoServer(new H2Backend(store));
        try {
            String address = server.bindAndGetConnectionString();
            try (MongoClient client = MongoClients.create(address)) {
                work.accept(client.getDatabase("leadgrade").getCollection("leads"));
            }
        } finally {
            server.shutdownNow();
            store.close();
        }
    }
}
