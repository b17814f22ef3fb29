package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded store commits a normal write before it answers, keeps a deferred one ({@code j: false}) in memory,
 * and puts both on disk with the next normal write; a read does not commit deferred writes.
 */
class DeferredCommitsTests {

    @TempDir
    Path folder;

    @Test
    void deferred_writes_wait_in_memory_for_the_next_normal_write() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("test"))) {
            MongoCollection<Document> durable = client.getDatabase("test")
                    .getCollection("things")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            MongoCollection<Document> deferred = durable.withWriteConcern(DeferredCommits.DEFERRED);

            durable.insertOne(new Document("_id", 1));
            assertThat(server.uncommitted())
                    .as("a normal write is on disk when acknowledged")
                    .isFalse();

            deferred.insertOne(new Document("_id", 2));
            deferred.updateOne(new Document("_id", 2), new Document("$set", new Document("n", 1)));
            assertThat(server.uncommitted())
                    .as("deferred writes wait in memory")
                    .isTrue();
            assertThat(durable.countDocuments()).as("and are visible").isEqualTo(2);
            assertThat(server.uncommitted()).as("a read does not commit them").isTrue();

            durable.insertOne(new Document("_id", 3));
            assertThat(server.uncommitted())
                    .as("the next normal write commits everything before it")
                    .isFalse();
        } finally {
            server.close();
        }
    }

    @Test
    void inside_deferred_commits_every_template_write_on_the_thread_asks_for_no_journal() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("test"))) {
            MongoTemplate template = deferringTemplate(client);

            DeferredCommits.run(() -> template.insert(new Document("_id", "a"), "things"));
            assertThat(server.uncommitted()).isTrue();
            assertThat(template.findById("a", Document.class, "things"))
                    .as("a read sees it")
                    .isNotNull();
            assertThat(server.uncommitted()).as("and does not commit it").isTrue();
            template.insert(new Document("_id", "c"), "things");
            assertThat(server.uncommitted()).as("a write outside commits both").isFalse();
            assertThat(template.getCollection("things").countDocuments()).isEqualTo(2);
        } finally {
            server.close();
        }
    }

    @Test
    void a_unit_of_work_defers_a_requests_writes_and_commits_them_once_at_its_end_even_when_it_fails() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("test"))) {
            MongoTemplate template = deferringTemplate(client);
            template.insert(new Document("_id", "before"), "things");

            TransactionTemplate units = new TransactionTemplate(new StoreTransactionManager(template));
            boolean[] deferredInside = new boolean[2];
            String result = units.execute(unit -> {
                template.insert(new Document("_id", "a"), "things");
                deferredInside[0] = server.uncommitted();
                template.updateFirst(
                        org.springframework.data.mongodb.core.query.Query.query(
                                org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                        .is("a")),
                        org.springframework.data.mongodb.core.query.Update.update("n", 1),
                        "things");
                deferredInside[1] = server.uncommitted();
                return "done";
            });
            assertThat(result).isEqualTo("done");
            assertThat(deferredInside).as("the writes inside wait in memory").containsExactly(true, true);
            assertThat(server.uncommitted())
                    .as("and are on disk when it returns")
                    .isFalse();

            assertThatThrownBy(() -> units.execute(unit -> {
                        template.insert(new Document("_id", "b"), "things");
                        throw new IllegalStateException("the request failed half-way");
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the request failed half-way");
            assertThat(server.uncommitted())
                    .as("what a failed request wrote is committed as a write-by-write request's would be")
                    .isFalse();

            String answer = units.execute(unit -> "read only");
            assertThat(answer).isEqualTo("read only");
            assertThat(server.uncommitted()).isFalse();
            DeferredCommits.run(() -> units.execute(unit -> template.insert(new Document("_id", "c"), "things")));
            assertThat(server.uncommitted())
                    .as("inside bulk work the bulk work's checkpoint commits, not each request")
                    .isTrue();
            assertThat(template.getCollection("things").countDocuments()).isEqualTo(4);
            assertThat(template.getCollection(DeferredCommits.COMMITS).countDocuments())
                    .as("the commit writes nothing")
                    .isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void a_units_reads_do_not_wait_for_other_writers_and_its_end_waits_once_for_what_it_read() {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        List<String> commands = new CopyOnWriteArrayList<>();
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString("test")))
                .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                .addCommandListener(DeferredCommits.unitReads())
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        BsonDocument command = event.getCommand();
                        String collection = command.get(event.getCommandName()).isString()
                                ? " "
                                        + command.getString(event.getCommandName())
                                                .getValue()
                                : "";
                        String concern = command.containsKey("readConcern")
                                ? " "
                                        + command.getDocument("readConcern")
                                                .getString("level")
                                                .getValue()
                                : "";
                        String journal = command.containsKey("writeConcern")
                                        && command.getDocument("writeConcern").containsKey("j")
                                ? " j:"
                                        + command.getDocument("writeConcern")
                                                .getBoolean("j")
                                                .getValue()
                                : "";
                        commands.add(event.getCommandName() + collection + concern + journal);
                    }
                })
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoTemplate template = unitTemplate(client);
            template.insert(new Document("_id", "before"), "things");
            TransactionTemplate units = new TransactionTemplate(new StoreTransactionManager(template));

            commands.clear();
            template.findById("before", Document.class, "things");
            assertThat(commands)
                    .as("a read outside a unit waits for durable data")
                    .containsExactly("find things");

            commands.clear();
            units.executeWithoutResult(unit -> {
                template.findById("before", Document.class, "things");
                template.insert(new Document("_id", "a"), "things");
            });
            assertThat(commands)
                    .as("inside a unit: the read at once, the write deferred, the commit waits for both")
                    .containsExactly("find things local", "insert things j:false", "update store_commits j:true");

            commands.clear();
            Document read = units.execute(unit -> template.findById("a", Document.class, "things"));
            assertThat(read).isNotNull();
            assertThat(commands)
                    .as("a unit that only read waits once, at its end, for what it may have seen")
                    .containsExactly("find things local", "find store_commits");

            commands.clear();
            units.executeWithoutResult(unit -> template.remove(
                    org.springframework.data.mongodb.core.query.Query.query(
                            org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                    .is("p")),
                    "event_publication"));
            template.remove(
                    org.springframework.data.mongodb.core.query.Query.query(
                            org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                    .is("q")),
                    "event_publication");
            assertThat(commands)
                    .as("a delivered event's completion is never waited for, and needs no commit of its own")
                    .containsExactly("delete event_publication j:false", "delete event_publication j:false");

            commands.clear();
            units.executeWithoutResult(unit -> template.findAndModify(
                    org.springframework.data.mongodb.core.query.Query.query(
                            org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                    .is("sequence")),
                    new org.springframework.data.mongodb.core.query.Update().inc("n", 1),
                    org.springframework.data.mongodb.core.FindAndModifyOptions.options()
                            .upsert(true)
                            .returnNew(true),
                    Document.class,
                    "counters"));
            assertThat(commands)
                    .as("a findAndModify inside a unit (the template's resolver does not see it) waits for the unit's"
                            + " commit, not for one of its own")
                    .containsExactly("findAndModify counters j:false", "update store_commits j:true");

            commands.clear();
            DeferredCommits.run(() -> template.getCollection("things").insertOne(new Document("_id", "raw")));
            assertThat(commands)
                    .as("a collection taken from the template inside bulk work defers its writes too")
                    .containsExactly("insert things j:false");
        } finally {
            server.close();
        }
    }

    @Test
    void the_file_stays_compact_when_the_same_documents_change_again_and_again() throws Exception {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        try (MongoClient client = MongoClients.create(server.connectionString("test"))) {
            MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
            String padding = "x".repeat(2000);
            for (int i = 0; i < 200; i++) {
                things.insertOne(new Document("_id", i).append("n", 0).append("padding", padding));
            }
            for (int round = 1; round <= 30; round++) {
                for (int i = 0; i < 200; i++) {
                    things.updateOne(new Document("_id", i), new Document("$set", new Document("n", round)));
                }
            }
            long size = java.nio.file.Files.size(folder.resolve("leadgrade.mv"));
            // 200 live documents of 2 KB; 6,000 commits of rewritten pages without compaction took well over 100 MB.
            System.out.println("SIZE " + size);
            assertThat(size).as("file size after 6,000 updates").isLessThan(40L << 20);
            assertThat(things.countDocuments(new Document("n", 30))).isEqualTo(200);
        } finally {
            server.close();
        }
    }

    /**
     * A template as the application has it on the embedded store: its database factory and write concerns through
     * the same post-processor.
     */
    private static MongoTemplate unitTemplate(MongoClient client) {
        var processor = DeferredCommits.resolver();
        var factory = (org.springframework.data.mongodb.MongoDatabaseFactory) processor.postProcessAfterInitialization(
                new org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory(client, "test"), "factory");
        MongoTemplate template = new MongoTemplate(factory);
        processor.postProcessAfterInitialization(template, "mongoTemplate");
        return template;
    }

    /** A template as the application has it: writes inside {@link DeferredCommits#run} ask for no journal. */
    private static MongoTemplate deferringTemplate(MongoClient client) {
        MongoTemplate template = new MongoTemplate(client, "test");
        DeferredCommits.resolver().postProcessAfterInitialization(template, "mongoTemplate");
        return template;
    }
}
