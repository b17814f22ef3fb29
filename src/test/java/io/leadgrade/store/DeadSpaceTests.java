package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.h2.mvstore.MVStoreTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store reclaims dead space as it goes: after an import (batches of 100) and a full re-grade (every document
 * rewritten, 100 to a commit), then requests that each commit one change somewhere in the collection, live data is
 * still most of the file, as H2's own MVStoreTool counts it.
 */
class DeadSpaceTests {

    private static final int LEADS = 4_000;
    private static final int BATCH = 100;

    @TempDir
    Path folder;

    @Test
    void live_data_stays_at_least_half_the_file_after_an_import_a_regrade_and_single_writes() throws Exception {
        EmbeddedMongoServer server = new EmbeddedMongoServer(folder, 0, 16, false);
        server.start();
        Path file = folder.resolve("leadgrade.mv");
        try (MongoClient client = MongoClients.create(server.connectionString("leadgrade"))) {
            MongoCollection<Document> leads = client.getDatabase("leadgrade")
                    .getCollection("leads")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            Random random = new Random(3);
            for (int start = 0; start < LEADS; start += BATCH) {
                List<Document> batch = new ArrayList<>();
                for (int i = start; i < start + BATCH; i++) {
                    batch.add(new Document("_id", i)
                            .append("externalId", "crm-" + i)
                            .append("notes", text(random)));
                }
                leads.insertMany(batch);
            }
            for (int start = 0; start < LEADS; start += BATCH) {
                List<WriteModel<Document>> regrade = new ArrayList<>();
                for (int i = start; i < start + BATCH; i++) {
                    regrade.add(new UpdateOneModel<>(Filters.eq("_id", i), Updates.set("grade", "A" + i % 4)));
                }
                leads.bulkWrite(regrade);
            }
            assertThat(liveShare(onDiskNow(file, "after-regrade.mv")))
                    .as("live share of the file after the import and the re-grade")
                    .isGreaterThanOrEqualTo(50);
            for (int request = 0; request < 1_000; request++) {
                leads.updateOne(Filters.eq("_id", random.nextInt(LEADS)), Updates.inc("version", 1));
            }
            assertThat(liveShare(onDiskNow(file, "after-requests.mv")))
                    .as("live share of the file after requests that each commit one change")
                    .isGreaterThanOrEqualTo(50);
        } finally {
            server.close();
        }
    }

    /** Notes that compress about as well as a CRM's do: words, not one phrase repeated. */
    private static String text(Random random) {
        String[] words = {"pricing", "integration", "onboarding", "renewal", "budget", "security", "review", "call"};
        StringBuilder text = new StringBuilder();
        while (text.length() < 1_500) {
            text.append(words[random.nextInt(words.length)])
                    .append(random.nextInt(1000))
                    .append(' ');
        }
        return text.toString();
    }

    /** A copy of the file as it is on disk while the store runs (as a crash would leave it). */
    private Path onDiskNow(Path file, String name) throws Exception {
        Path copy = folder.resolve(name);
        Files.copy(file, copy);
        return copy;
    }

    /** Live bytes over file bytes, in percent, from H2's MVStoreTool: chunk length times chunk fill rate. */
    private static long liveShare(Path file) {
        StringWriter out = new StringWriter();
        MVStoreTool.info(file.toString(), out);
        String info = out.toString();

        long fileLength = number(info, "File length:");
        long chunkLength = number(info, "Chunk length:");
        long fillRate = number(info, "Chunk fill rate:");
        return chunkLength * fillRate / fileLength;
    }

    private static long number(String info, String label) {
        return info.lines()
                .filter(line -> line.startsWith(label))
                .map(line -> line.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " in " + info));
    }
}
