package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query that names one {@code _id} reads one document on the embedded store, whatever else it filters on: a
 * version-checked update ({@code {_id, version}}) needs no index of its own (issue 21: the unique {@code {_id, version}}
 * index on leads cost an index write per save on real MongoDB), and still matches only the version it names.
 */
class IdLookupTests {

    @TempDir
    Path data;

    @Test
    void aVersionCheckedUpdateReadsOnlyTheDocumentItNames() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoCollection<Document> leads = client.getDatabase("leadgrade").getCollection("leads");
            List<Document> many = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                many.add(new Document("_id", new ObjectId())
                        .append("version", 3L)
                        .append("n", i));
            }
            leads.insertMany(many);
            Object id = many.get(1_234).get("_id");

            long before = server.backend().documentsExamined();
            long modified = leads.updateOne(
                            versioned(id, 3L), Updates.combine(Updates.set("n", -1), Updates.set("version", 4L)))
                    .getModifiedCount();
            long examined = server.backend().documentsExamined() - before;

            assertThat(modified).isEqualTo(1);
            assertThat(examined).as("documents compared with the filter").isEqualTo(1);
            assertThat(leads.updateOne(versioned(id, 3L), Updates.set("n", -2)).getModifiedCount())
                    .as("a stale version matches nothing")
                    .isZero();
            Document updated =
                    leads.find(new Document("_id", id).append("n", -1)).first();
            assertThat(updated).isNotNull();
            assertThat(updated.getLong("version")).isEqualTo(4L);
            assertThat(leads.find(versioned(new ObjectId(), 3L)).first())
                    .as("an unknown id")
                    .isNull();
            Document either = new Document(
                    "$in", List.of(many.get(1).get("_id"), many.get(2).get("_id")));
            assertThat(leads.countDocuments(new Document("_id", either).append("version", 3L)))
                    .as("an _id condition that is not one value is answered as before")
                    .isEqualTo(2);
        } finally {
            server.shutdown();
        }
    }

    /** As Spring Data sends a version-checked write: one document, {@code _id} first. */
    private static Document versioned(Object id, long version) {
        return new Document("_id", id).append("version", version);
    }
}
