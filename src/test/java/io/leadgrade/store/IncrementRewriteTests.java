package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store rewrites a plain {@code $inc} by {@code _id} into a {@code $set} of the fields it changes
 * ({@link IncrementRewrite}); what it stores and answers must be exactly what mongo-java-server's own {@code $inc}
 * does. The reference is the library's in-memory backend, which applies every update itself.
 */
class IncrementRewriteTests {

    @TempDir
    Path folder;

    @Test
    void a_rollup_shaped_increment_becomes_the_set_of_its_top_level_field_computed_from_the_stored_document() {
        de.bwaldvogel.mongo.bson.Document stored = new de.bwaldvogel.mongo.bson.Document("_id", "Dt|2026-03-01|0")
                .append(
                        "g",
                        new de.bwaldvogel.mongo.bson.Document(
                                "t",
                                new de.bwaldvogel.mongo.bson.Document(
                                        "France",
                                        new de.bwaldvogel.mongo.bson.Document(
                                                "c", new de.bwaldvogel.mongo.bson.Document("A1", 2L)))));
        de.bwaldvogel.mongo.bson.Document update = new de.bwaldvogel.mongo.bson.Document(
                "$inc",
                new de.bwaldvogel.mongo.bson.Document("g.t.France.c.A1", 1L)
                        .append("g.t.France.o", 1L)
                        .append("g.t.Spain.c.B2", 1L));

        de.bwaldvogel.mongo.bson.Document set = IncrementRewrite.rewrite(update, stored);

        assertThat(set).isNotNull();
        de.bwaldvogel.mongo.bson.Document g =
                (de.bwaldvogel.mongo.bson.Document) ((de.bwaldvogel.mongo.bson.Document) set.get("$set")).get("g");
        assertThat(g.toString())
                .isEqualTo("{\"t\" : {\"France\" : {\"c\" : {\"A1\" : 3}, \"o\" : 1}, \"Spain\" : {\"c\""
                        + " : {\"B2\" : 1}}}}");
        // The stored document is not touched: the store's pages hold it.
        assertThat(stored.toString()).contains("\"A1\" : 2");
    }

    @Test
    void anything_but_a_plain_increment_is_left_to_the_server() {
        de.bwaldvogel.mongo.bson.Document stored = new de.bwaldvogel.mongo.bson.Document("_id", 1)
                .append("list", new ArrayList<>(List.of(1, 2)))
                .append("text", "x")
                .append("nothing", null);
        for (de.bwaldvogel.mongo.bson.Document increments : List.of(
                new de.bwaldvogel.mongo.bson.Document("list.0", 1), // through an array
                new de.bwaldvogel.mongo.bson.Document("text", 1), // not a number
                new de.bwaldvogel.mongo.bson.Document("text.a", 1), // through a scalar
                new de.bwaldvogel.mongo.bson.Document("nothing.a", 1), // through a null
                new de.bwaldvogel.mongo.bson.Document("a.$", 1), // positional
                new de.bwaldvogel.mongo.bson.Document("a..b", 1), // empty segment
                new de.bwaldvogel.mongo.bson.Document("_id", 1), // the key
                new de.bwaldvogel.mongo.bson.Document("a", 1).append("a.b", 1), // a conflict
                new de.bwaldvogel.mongo.bson.Document("a", "1"))) { // a delta that is not a number
            assertThat(IncrementRewrite.rewrite(new de.bwaldvogel.mongo.bson.Document("$inc", increments), stored))
                    .as("%s", increments)
                    .isNull();
        }
        assertThat(IncrementRewrite.rewrite(
                        new de.bwaldvogel.mongo.bson.Document("$inc", new de.bwaldvogel.mongo.bson.Document("a", 1))
                                .append("$set", new de.bwaldvogel.mongo.bson.Document("b", 1)),
                        stored))
                .isNull();
    }

    @Test
    void random_increments_store_and_answer_what_the_library_itself_does() {
        EmbeddedMongoServer embedded = new EmbeddedMongoServer(folder, 0, 16, false);
        embedded.start();
        MongoServer reference = new MongoServer(new MemoryBackend());
        String referenceUri = "mongodb://127.0.0.1:" + reference.bind().getPort();
        try (MongoClient ours = MongoClients.create(embedded.connectionString("test"));
                MongoClient theirs = MongoClients.create(referenceUri)) {
            MongoCollection<Document> mine = ours.getDatabase("test").getCollection("rollups");
            MongoCollection<Document> library = theirs.getDatabase("test").getCollection("rollups");
            Random random = new Random(19);
            for (MongoCollection<Document> collection : List.of(mine, library)) {
                collection.insertOne(new Document("_id", "odd")
                        .append("list", List.of(1, 2))
                        .append("text", "x")
                        .append("nothing", null)
                        .append("g", new Document("i", 1).append("l", 5L).append("d", 1.5)));
            }
            int rewritable = 0;
            for (int i = 0; i < 1_500; i++) {
                Object id = random.nextInt(10) == 0
                        ? "odd"
                        : random.nextBoolean() ? "d" + random.nextInt(20) : random.nextInt(5);
                Document increments = new Document();
                int paths = 1 + random.nextInt(3);
                for (int p = 0; p < paths; p++) {
                    increments.put(path(random), delta(random));
                }
                Document update = new Document("$inc", increments);
                if (random.nextInt(15) == 0) {
                    update.append("$set", new Document("s", i));
                }
                boolean upsert = random.nextInt(4) != 0;
                String expected = apply(library, id, update, upsert);
                String actual = apply(mine, id, update, upsert);
                assertThat(actual)
                        .as("update %d: %s on %s", i, update.toJson(), id)
                        .isEqualTo(expected);
                rewritable += expected.startsWith("ok") ? 1 : 0;
            }
            assertThat(rewritable).as("updates applied").isGreaterThan(500);
            List<String> expected = new ArrayList<>();
            library.find().sort(new Document("_id", 1)).forEach(document -> expected.add(document.toJson()));
            List<String> actual = new ArrayList<>();
            mine.find().sort(new Document("_id", 1)).forEach(document -> actual.add(document.toJson()));
            assertThat(actual).isEqualTo(expected);
        } finally {
            reference.shutdownNow();
            embedded.close();
        }
    }

    private static String apply(MongoCollection<Document> collection, Object id, Document update, boolean upsert) {
        try {
            UpdateResult result =
                    collection.updateOne(Filters.eq("_id", id), update, new UpdateOptions().upsert(upsert));
            Document after = collection.find(Filters.eq("_id", id)).first();
            return "ok " + result.getMatchedCount() + " " + result.getModifiedCount() + " " + result.getUpsertedId()
                    + " " + (after == null ? null : after.toJson());
        } catch (MongoException refused) {
            return "refused " + refused.getCode() + " " + refused.getMessage().replaceAll("127\\.0\\.0\\.1:\\d+", "");
        }
    }

    private static String path(Random random) {
        // Mostly rollup-shaped paths under g; now and then one through an array, a string, a null or a conflict.
        String[] tops = {"g", "g", "g", "g", "g", "g", "g", "g", "c", "list", "text", "nothing"};
        String[] names = {"t", "r", "France", "A1", "o", "0", "i", "l", "d"};
        String top = tops[random.nextInt(tops.length)];
        StringBuilder path = new StringBuilder(top);
        int depth = top.equals("g") ? 2 + random.nextInt(3) : random.nextInt(3);
        for (int i = 0; i < depth; i++) {
            path.append('.').append(names[random.nextInt(names.length)]);
        }
        return path.toString();
    }

    private static Object delta(Random random) {
        return switch (random.nextInt(20)) {
            case 0, 1, 2 -> random.nextInt(5) - 2;
            case 3 -> Integer.MAX_VALUE;
            case 4, 5 -> 1.25;
            case 6 -> "one";
            default -> (long) random.nextInt(3) + 1;
        };
    }
}
