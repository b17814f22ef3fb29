package io.leadgrade.leads;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import io.leadgrade.store.EmbeddedMongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A store written by an earlier version: its leads have no search keys and it has the indexes this version replaced.
 * At start-up the leads get their keys (in bulk, once) and are found by a search; the replaced indexes are dropped.
 */
class StoredLeadsUpgradeTests {

    @TempDir
    Path data;

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;

    @BeforeEach
    void start() {
        server = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        server.start();
        client = MongoClients.create(server.connectionString("leadgrade"));
        mongo = new MongoTemplate(client, "leadgrade");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    @Test
    void leadsStoredWithoutSearchKeysGetThemOnceAndAreFound() {
        List<Document> old = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            old.add(new Document("_id", new ObjectId())
                    .append("externalId", "crm-" + i)
                    .append("email", "Person" + i + "@Example.com")
                    .append("lastName", i == 1_234 ? "Ångström" : "Smith")
                    .append("version", 0L));
        }
        mongo.getCollection("leads").insertMany(old);

        new SearchKeyBackfill(mongo).backfillOnce();

        LeadFilter angstrom = new LeadFilter(null, null, null, null, null, null, "angstrom", null, null, null, null);
        LeadPage found = new LeadSearchImpl(mongo).search(angstrom, 0, 10);
        assertThat(found.content()).extracting(Lead::getExternalId).containsExactly("crm-1234");
        assertThat(mongo.getCollection("leads")
                        .countDocuments(new Document("searchKey", new Document("$exists", false))))
                .isZero();
        Document seven = mongo.getCollection("leads")
                .find(new Document("externalId", "crm-7"))
                .first();
        assertThat(seven.getString("emailKey")).isEqualTo("person7@example.com");

        // Marked done: a later start does not look for leads without keys again.
        mongo.getCollection("leads")
                .updateOne(new Document("externalId", "crm-7"), new Document("$unset", new Document("searchKey", "")));
        new SearchKeyBackfill(mongo).backfillOnce();
        assertThat(mongo.getCollection("leads")
                        .countDocuments(new Document("searchKey", new Document("$exists", false))))
                .isEqualTo(1);
        assertThat(new SearchKeyBackfill(mongo).backfill())
                .as("the backfill itself is idempotent")
                .isEqualTo(1);
    }

    @Test
    void theIndexesThisVersionReplacedAreDropped() {
        var leads = mongo.getCollection("leads");
        leads.createIndex(
                new Document("_id", 1).append("version", 1),
                new IndexOptions().name("id_version").unique(true));
        leads.createIndex(
                new Document("externalId", 1),
                new IndexOptions().name("externalId").unique(true));
        mongo.getCollection("activities")
                .createIndex(new Document("leadId", 1).append("at", -1), new IndexOptions().name("lead_time"));

        new SupersededIndexes(mongo).drop();

        assertThat(names("leads")).contains("_id_", "externalId").doesNotContain("id_version");
        assertThat(names("activities")).doesNotContain("lead_time");
    }

    private List<String> names(String collection) {
        List<String> names = new ArrayList<>();
        mongo.getCollection(collection).listIndexes().forEach(index -> names.add(index.getString("name")));
        return names;
    }
}
