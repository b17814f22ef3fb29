package io.leadgrade.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * A CRM history on the embedded store ({@code ./mvnw -Pbench verify -Dbench.args="history [N]"}, default 100,000):
 * N rows that each carry a handoff date, a rep, a deal stage (Won, Lost, or still open) and a close date, imported
 * into the packaged application ({@code -Xmx512m}) through the ordinary import with an {@code outcome} section; then
 * the bytes per lead of the whole store folder (leads, gradings, handoffs, dispositions, report rollups, indexes, once
 * the rollups are flushed); then a re-grade of every lead by a candidate that changes every grading, and the bytes per
 * lead again. The baseline, last, in the same store: as many lead documents and one handoff document per row written
 * with {@code insertMany} by 500 (no parsing, grading, history, dispositions or rollups).
 */
final class HistoryBenchmark {

    static final String[] STAGES = {"Won", "Lost", "Engaging"};
    static final String MAPPING = ImportBenchmark.MAPPING + """
            outcome:
              handedOffAt: Engaged
              rep: Owner
              column: Stage
              codes: {Won: SQO, Lost: NO_INTEREST}
              at: Closed
            """;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path data = Files.createTempDirectory("leadgrade-history");
        Path store = data.resolve("store");
        Path csv = data.resolve("history.csv");
        write(csv, rows);
        int port = PackagedApp.freePort();
        int storePort = PackagedApp.freePort();
        Process app = new ProcessBuilder(
                        "java",
                        "-Xmx512m",
                        "-jar",
                        PackagedApp.jar().toString(),
                        "--server.port=" + port,
                        "--leadgrade.security.initial-admin-key=" + ImportBenchmark.KEY,
                        "--leadgrade.rules.watch.enabled=false",
                        "--leadgrade.store.embedded.port=" + storePort,
                        "--leadgrade.store.embedded.path=" + store)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("app.log").toFile())
                .start();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + storePort)) {
            MongoDatabase db = client.getDatabase("leadgrade");
            ImportBenchmark importer = new ImportBenchmark(port, MAPPING);
            PackagedApp.awaitHealthy(importer.http(), "http://127.0.0.1:" + port);
            double[] imported = importer.importFile(csv, rows);
            Files.delete(csv);
            long afterImport = settled(store);
            Map<String, Long> counts = counts(db);

            RegradeBenchmark regrade = new RegradeBenchmark(port);
            String version = regrade.candidate().path("activeVersion").asString();
            double[] graded = regrade.follow(regrade.json("POST", "/api/rulesets/" + version + "/regrade", ""));
            long afterRegrade = settled(store);

            double baseline = baseline(db, rows);

            System.out.println();
            System.out.printf(Locale.ROOT, "CRM history of %,d rows with outcomes, app heap -Xmx512m%n", rows);
            System.out.printf(Locale.ROOT, "%-58s %10s %8s%n", "path", "rows/s", "ratio");
            System.out.printf(
                    Locale.ROOT,
                    "%-58s %,10.0f %8s%n",
                    "baseline: insertMany by 500 (leads + handoffs, same store)",
                    baseline,
                    "1.000");
            System.out.printf(
                    Locale.ROOT,
                    "%-58s %,10.0f %8.3f%n",
                    "import job (map, grade as of the handoff, store history)",
                    imported[0],
                    imported[0] / baseline);
            System.out.printf(
                    Locale.ROOT,
                    "%-58s %,10.0f %8.3f%n",
                    "re-grade of every lead, every grading changed (leads/s)",
                    rows / graded[0],
                    rows / graded[0] / baseline);
            System.out.printf(
                    Locale.ROOT,
                    "heap: most used %.0f MB, most live after a collection %.0f MB (limit 512 MB)%n",
                    imported[1],
                    imported[2]);
            System.out.printf(Locale.ROOT, "documents after the import: %s%n", counts);
            System.out.printf(
                    Locale.ROOT,
                    "store folder after the import: %,d MB (%,.0f bytes per lead); after the re-grade: %,d MB (%,.0f"
                            + " bytes per lead)%n",
                    afterImport >> 20,
                    (double) afterImport / rows,
                    afterRegrade >> 20,
                    (double) afterRegrade / rows);
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
            PackagedApp.deleteTree(data);
        }
    }

    /**
     * The import benchmark's rows with four more columns, as a CRM's opportunities export has them: the handoff date
     * (spread over two years), the owning rep (one of 30), the deal stage (Won, Lost, Engaging) and, for the closed
     * ones, the close date up to 90 days later.
     */
    private static void write(Path csv, int rows) throws Exception {
        LocalDate first = LocalDate.of(2024, 1, 1);
        ImportBenchmark.write(csv, rows, "Engaged,Owner,Stage,Closed", (i, lead) -> {
            LocalDate engaged = first.plusDays(i % 700);
            String stage = STAGES[(i / 7) % STAGES.length];
            String closed =
                    stage.equals("Engaging") ? "" : engaged.plusDays(i % 90).toString();
            return engaged + ",rep-" + (i % 30) + "," + stage + "," + closed;
        });
    }

    /** The folder's size once it stopped changing for 10 s (the rollups flushed, housekeeping done), at most 3 min. */
    private static long settled(Path folder) throws Exception {
        long size = size(folder);
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(10) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = size(folder);
            if (now != size) {
                size = now;
                stableSince = System.nanoTime();
            }
        }
        return size;
    }

    private static long size(Path folder) throws Exception {
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }

    private static Map<String, Long> counts(MongoDatabase db) {
        Map<String, Long> counts = new TreeMap<>();
        for (String name : db.listCollectionNames()) {
            counts.put(name, db.getCollection(name).estimatedDocumentCount());
        }
        return counts;
    }

    /** Rows per second of insertMany by 500 of lead documents and one handoff document per row. */
    private static double baseline(MongoDatabase db, int rows) {
        MongoCollection<Document> leads = db.getCollection("baseline_leads");
        MongoCollection<Document> handoffs = db.getCollection("baseline_handoffs");
        LeadGenerator generator = new LeadGenerator(11);
        long started = System.nanoTime();
        List<Document> batch = new ArrayList<>(500);
        List<Document> handed = new ArrayList<>(500);
        for (int i = 0; i < rows; i++) {
            var lead = generator.next();
            batch.add(new Document("externalId", "L" + i)
                    .append("email", "lead" + i + "@x.com")
                    .append("title", lead.title())
                    .append("company", lead.company())
                    .append("companySize", lead.companySize())
                    .append("industry", lead.industry())
                    .append("country", lead.country())
                    .append("grade", "A2"));
            handed.add(new Document("leadId", "L" + i)
                    .append("repId", "rep-" + (i % 30))
                    .append("grade", "A2"));
            if (batch.size() == 500 || i == rows - 1) {
                leads.insertMany(batch);
                handoffs.insertMany(handed);
                batch = new ArrayList<>(500);
                handed = new ArrayList<>(500);
            }
        }
        double rate = rows / ImportBenchmark.seconds(started);
        leads.drop();
        handoffs.drop();
        return rate;
    }
}
