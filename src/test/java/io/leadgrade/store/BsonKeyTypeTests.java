package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's {@code _id}s and unique index keys are BSON on disk ({@link BsonKeyType}): every type the wire carries
 * reads back equal, the order is a total order that never calls two different keys equal, it is MongoDB's order of
 * {@code _id}s (a sort by {@code _id} answers as the emulator's in-memory backend does), and the maps in the file
 * really hold BSON, not Java serialisations.
 */
class BsonKeyTypeTests {

    @TempDir
    Path folder;

    /** Values of every kind a key can hold, as the server decodes them from the wire. */
    private static List<Object> values() {
        Random random = new Random(5);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            values.add(random.nextInt(100) - 50);
            values.add((long) random.nextInt(100) + (1L << 60));
            values.add(random.nextDouble() * 100 - 50);
            values.add("lead-" + random.nextInt(50));
            values.add(new de.bwaldvogel.mongo.bson.ObjectId());
            values.add(UUID.randomUUID());
            values.add(new BinData(new byte[] {(byte) random.nextInt(256), (byte) i}));
            values.add(Instant.ofEpochMilli(1_780_000_000_000L + random.nextInt(1_000_000)));
            values.add(new de.bwaldvogel.mongo.bson.Document("day", "2026-12-0" + (i % 9))
                    .append("rep", i % 2 == 0 ? "r-" + i : null));
            values.add(List.of("a", i, List.of(i % 3)));
            values.add(new BsonTimestamp(random.nextInt(1000)));
        }
        values.addAll(Arrays.asList(
                null,
                Missing.getInstance(),
                true,
                false,
                "",
                0,
                0.0,
                -0.0,
                Double.NaN,
                2.0,
                2,
                Decimal128.ONE,
                Decimal128.TWO,
                MinKey.getInstance(),
                MaxKey.getInstance(),
                new de.bwaldvogel.mongo.bson.Document(),
                List.of()));
        return values;
    }

    @Test
    void every_kind_of_key_reads_back_equal() {
        for (Object value : values()) {
            assertThat(roundTrip(BsonKeyType.ID, value)).as("%s", value).isEqualTo(value);
        }
        KeyValue compound = new KeyValue("lead-1", 3.0, null, new de.bwaldvogel.mongo.bson.ObjectId());
        assertThat(roundTrip(BsonKeyType.INDEX, compound)).isEqualTo(compound);
    }

    @Test
    void the_order_is_total_and_calls_two_keys_equal_only_when_they_are() {
        List<Object> values = values();
        for (Object a : values) {
            for (Object b : values) {
                int ab = BsonValues.compare(a, b);
                assertThat(Integer.signum(ab))
                        .as("%s against %s, and back", a, b)
                        .isEqualTo(-Integer.signum(BsonValues.compare(b, a)));
                assertThat(ab == 0).as("%s against %s", a, b).isEqualTo(java.util.Objects.equals(a, b));
            }
        }
        List<Object> sorted = new ArrayList<>(values);
        sorted.sort(BsonValues::compare);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                assertThat(BsonValues.compare(sorted.get(i), sorted.get(j)))
                        .as("%s before %s", sorted.get(i), sorted.get(j))
                        .isLessThanOrEqualTo(0);
            }
        }
        List<KeyValue> keys = new ArrayList<>();
        for (Object value : values) {
            keys.add(new KeyValue(value, "x"));
            keys.add(new KeyValue(value));
        }
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                assertThat(BsonKeyType.INDEX.compare(a, b) == 0)
                        .as("%s against %s", a, b)
                        .isEqualTo(a.equals(b));
            }
        }
    }

    @Test
    void a_sort_by_id_answers_in_mongodbs_order_and_the_file_holds_bson_keys() {
        List<Object> ids = List.of(
                7,
                3L,
                2.5,
                -1,
                1L << 60,
                "h-2",
                "",
                "H-1",
                new Document("day", "2026-12-01"),
                new Document("day", "2026-12-01").append("rep", "r-1"),
                new Document("a", 1),
                new ObjectId(),
                new ObjectId(),
                new org.bson.types.Binary(new byte[] {9}),
                UUID.nameUUIDFromBytes(new byte[] {1}),
                new Date(1_780_000_000_000L),
                new Date(1_700_000_000_000L),
                true,
                false);
        Path file = folder.resolve("leadgrade.mv");
        List<Document> durable = sortedById(DurableH2Backend.open(file, 16, false), ids);
        List<Document> inMemory = sortedById(new MemoryBackend(), ids);
        assertThat(durable).isEqualTo(inMemory);

        try (MVStore store =
                new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            MVMap<Object, Object> data =
                    store.openMap("databases.leadgrade.mixed", DurableH2Backend.dataMap(DurableH2Backend.Format.BSON));
            assertThat(data.sizeAsLong()).isEqualTo(ids.size());
            assertThat(data.keySet()).contains("h-2", 7, new de.bwaldvogel.mongo.bson.Document("day", "2026-12-01"));
            MVMap<Object, Object> index = store.openMap(
                    DurableH2Backend.indexMapName("leadgrade.mixed", "_id_"),
                    DurableH2Backend.indexMap(DurableH2Backend.Format.BSON));
            assertThat(index.get(new KeyValue("h-2"))).isEqualTo("h-2");
            assertThat(index.get(new KeyValue(7.0)))
                    .as("the index keeps numbers normalised")
                    .isEqualTo(7);
        }
    }

    private static List<Document> sortedById(MongoBackend backend, List<Object> ids) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(server.bindAndGetConnectionString()))
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .build())) {
            MongoCollection<Document> mixed = client.getDatabase("leadgrade").getCollection("mixed");
            for (Object id : ids) {
                mixed.insertOne(
                        new Document("_id", id).append("kind", id.getClass().getSimpleName()));
            }
            return mixed.find().sort(new Document("_id", 1)).into(new ArrayList<>());
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    private static <T> T roundTrip(org.h2.mvstore.type.DataType<T> type, T value) {
        WriteBuffer out = new WriteBuffer();
        type.write(out, value);
        ByteBuffer in = out.getBuffer();
        in.flip();
        T read = type.read(in);
        assertThat(in.remaining()).as("every byte of %s read", value).isZero();
        return read;
    }
}
