package io.leadgrade.bench;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import io.leadgrade.store.StoreBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The embedded store's engines through the official driver and mongo-java-server, lead-sized documents (about 2 KB of
 * BSON), every write acknowledged journaled ({@code j: true}: a commit and an fsync before the answer)
 * ({@code ./mvnw -Pbench verify -Dbench.args="store [N]"}, N single operations per figure, default 2,000). Each
 * engine runs twice in one run and keeps its better figure; the baseline of every figure is the emulator's own
 * in-memory backend in the same run (the ceiling of the wire path). Then the raw engines without the wire, MVStore
 * with byte-array values and RocksDB, the same documents' bytes, an fsync per commit.
 */
final class StoreBenchmark {

    private static final int BATCH = 500;
    private static final int THREADS = 4;

    /** The engines measured, in order; the first is the baseline. */
    private static final Map<String, Function<Path, StoreBackends.Opened>> ENGINES = new LinkedHashMap<>();

    static {
        ENGINES.put("in-memory (ceiling)", file -> StoreBackends.inMemory());
        ENGINES.put("before: Java objects + fsync", file -> StoreBackends.javaSerialised(file, true));
        ENGINES.put("bson-1: BSON docs, Java keys, LZF + fsync", file -> StoreBackends.bsonDocuments(file));
        ENGINES.put("BSON docs and keys + fsync", file -> StoreBackends.bson(file, false));
        ENGINES.put("BSON docs and keys, LZF + fsync (default)", file -> StoreBackends.bson(file, true));
    }

    private final int operations;
    private final Map<String, Map<String, Double>> results = new LinkedHashMap<>();

    private StoreBenchmark(int operations) {
        this.operations = operations;
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        StoreBenchmark benchmark = new StoreBenchmark(operations);
        System.out.printf(
                Locale.ROOT,
                "Lead document: %,d bytes of BSON; %,d single operations per figure, %,d documents in batches of %d%n",
                bsonSize(lead(new Random(1), 0)),
                operations,
                operations * 5,
                BATCH);
        // A warm-up round of the ceiling, not recorded: the first engine measured should not pay for the JIT.
        new StoreBenchmark(operations)
                .round("warm-up", ENGINES.values().iterator().next());
        for (int round = 0; round < 2; round++) {
            for (var engine : ENGINES.entrySet()) {
                benchmark.round(engine.getKey(), engine.getValue());
            }
        }
        benchmark.print();
        rawEngines(operations);
    }

    private void round(String engine, Function<Path, StoreBackends.Opened> open) throws Exception {
        Path folder = Files.createTempDirectory("leadgrade-store-bench");
        Path file = folder.resolve("leadgrade.mv");
        StoreBackends.Opened opened = open.apply(file);
        MongoServer server = new MongoServer(opened.backend());
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> leads = client.getDatabase("leadgrade")
                    .getCollection("leads")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            leads.createIndex(new Document("externalId", 1), new IndexOptions().unique(true));
            Random random = new Random(42);
            int n = operations;

            record("insertOne, 1 thread", engine, rate(n, () -> {
                for (int i = 0; i < n; i++) {
                    leads.insertOne(lead(random, i));
                }
            }));
            long syncsBefore = opened.syncs().getAsLong();
            AtomicInteger next = new AtomicInteger(n);
            record(
                    "insertOne, " + THREADS + " threads",
                    engine,
                    rate(
                            n,
                            () -> parallel(() -> {
                                Random own = new Random(next.get());
                                for (int i = next.getAndIncrement(); i < 2 * n; i = next.getAndIncrement()) {
                                    leads.insertOne(lead(own, i));
                                }
                            })));
            long syncs = opened.syncs().getAsLong() - syncsBefore;
            record("  syncs per 100 writes", engine, syncs * 100.0 / n);
            int bulk = n * 5;
            record("insertMany of 500, docs", engine, rate(bulk, () -> {
                for (int start = 2 * n; start < 2 * n + bulk; start += BATCH) {
                    List<Document> batch = new ArrayList<>(BATCH);
                    for (int i = start; i < start + BATCH; i++) {
                        batch.add(lead(random, i));
                    }
                    leads.insertMany(batch);
                }
            }));
            int total = 2 * n + bulk;
            record("upsert (replaceOne) by _id", engine, rate(n, () -> {
                for (int i = 0; i < n; i++) {
                    int key = random.nextInt(total + n); // a few are new
                    leads.replaceOne(Filters.eq("_id", key), lead(random, key), new ReplaceOptions().upsert(true));
                }
            }));
            record("updateOne by _id", engine, rate(n, () -> {
                for (int i = 0; i < n; i++) {
                    leads.updateOne(
                            Filters.eq("_id", random.nextInt(total)),
                            Updates.combine(Updates.set("grade", "B2"), Updates.inc("version", 1)));
                }
            }));
            record("updateOne by externalId", engine, rate(n, () -> {
                for (int i = 0; i < n; i++) {
                    leads.updateOne(
                            Filters.eq("externalId", "crm-" + random.nextInt(total)),
                            Updates.combine(Updates.set("grade", "A1"), Updates.inc("version", 1)));
                }
            }));
            record("find by _id", engine, rate(n, () -> {
                for (int i = 0; i < n; i++) {
                    leads.find(Filters.eq("_id", random.nextInt(total))).first();
                }
            }));
            record("find by externalId", engine, rate(n, () -> {
                for (int i = 0; i < n; i++) {
                    leads.find(Filters.eq("externalId", "crm-" + random.nextInt(total)))
                            .first();
                }
            }));
            long count = leads.countDocuments();
            record("bytes per doc after the above", engine, bytesOnDisk(folder) / (double) count);
            // A re-grade: every document rewritten once, 500 to a commit, as the re-grade job does.
            List<Object> ids = new ArrayList<>();
            leads.find().projection(new Document("_id", 1)).forEach(document -> ids.add(document.get("_id")));
            record("re-grade every doc, docs", engine, rate(ids.size(), () -> {
                for (int start = 0; start < ids.size(); start += BATCH) {
                    List<WriteModel<Document>> updates = new ArrayList<>(BATCH);
                    for (Object id : ids.subList(start, Math.min(ids.size(), start + BATCH))) {
                        updates.add(new UpdateOneModel<>(
                                Filters.eq("_id", id),
                                Updates.combine(Updates.set("grade", "C3"), Updates.inc("version", 1))));
                    }
                    leads.bulkWrite(updates);
                }
            }));
            record("bytes per doc after re-grade", engine, bytesOnDisk(folder) / (double) count);
            record("live % of file (H2 fill rate)", engine, StoreBackends.fillRate(opened.backend()));
        } finally {
            server.shutdownNow();
            PackagedApp.deleteTree(folder);
        }
    }

    /** Keeps the better of the rounds: the highest rate, the fewest bytes and syncs. */
    private void record(String operation, String engine, double value) {
        boolean lowerIsBetter = operation.startsWith("bytes") || operation.contains("syncs");
        results.computeIfAbsent(operation, key -> new LinkedHashMap<>())
                .merge(engine, value, (a, b) -> lowerIsBetter ? Math.min(a, b) : Math.max(a, b));
        System.out.printf(Locale.ROOT, "  %-30s %-32s %,12.1f%n", engine, operation, value);
    }

    private void print() {
        String baseline = ENGINES.keySet().iterator().next();
        System.out.println();
        System.out.println("Embedded store through the driver, j:true (best of 2 rounds; ratio against " + baseline
                + " in the same run)");
        System.out.printf(
                Locale.ROOT, "%-32s %-32s %12s %12s %7s%n", "operation", "engine", "figure", "ceiling", "ratio");
        results.forEach((operation, engines) -> {
            double ceiling = engines.getOrDefault(baseline, Double.NaN);
            engines.forEach((engine, value) -> System.out.printf(
                    Locale.ROOT,
                    "%-32s %-32s %,12.1f %,12.1f %7.3f%n",
                    operation,
                    engine,
                    value,
                    ceiling,
                    value / ceiling));
        });
    }

    /** The raw engines on the same document bytes: one put and sync per commit, and 500 puts per commit. */
    private static void rawEngines(int operations) throws Exception {
        List<byte[]> values = new ArrayList<>();
        Random random = new Random(7);
        int bulk = operations * 5;
        for (int i = 0; i < bulk; i++) {
            values.add(bson(lead(random, i)));
        }
        System.out.println();
        System.out.println("Raw engines, the same documents' BSON bytes, fsync per commit (best of 2 rounds)");
        System.out.printf(
                Locale.ROOT, "%-22s %16s %20s %14s%n", "engine", "single puts/s", "batched puts/s (500)", "bytes/doc");
        for (String engine : List.of("MVStore byte[]", "MVStore byte[]+LZF", "RocksDB (Snappy)")) {
            double single = 0;
            double batched = 0;
            double bytes = Double.MAX_VALUE;
            for (int round = 0; round < 2; round++) {
                Path folder = Files.createTempDirectory("leadgrade-raw-bench");
                try {
                    double[] figures = engine.startsWith("RocksDB")
                            ? rocksDb(folder, values, operations)
                            : mvStore(folder, values, operations, engine.endsWith("LZF"));
                    single = Math.max(single, figures[0]);
                    batched = Math.max(batched, figures[1]);
                    bytes = Math.min(bytes, figures[2]);
                } finally {
                    PackagedApp.deleteTree(folder);
                }
            }
            System.out.printf(Locale.ROOT, "%-22s %,16.0f %,20.0f %,14.0f%n", engine, single, batched, bytes);
        }
    }

    private static double[] mvStore(Path folder, List<byte[]> values, int operations, boolean compress)
            throws Exception {
        var builder = new org.h2.mvstore.MVStore.Builder()
                .fileName(folder.resolve("raw.mv").toString())
                .autoCommitDisabled();
        if (compress) {
            builder.compress();
        }
        try (org.h2.mvstore.MVStore store = builder.open()) {
            store.setRetentionTime(0);
            org.h2.mvstore.MVMap<Integer, byte[]> map = store.openMap("docs");
            double single = rate(operations, () -> {
                for (int i = 0; i < operations; i++) {
                    map.put(i, values.get(i));
                    store.commit();
                    store.sync();
                }
            });
            double batched = rate(values.size(), () -> {
                for (int i = 0; i < values.size(); i++) {
                    map.put(operations + i, values.get(i));
                    if ((i + 1) % BATCH == 0) {
                        store.commit();
                        store.sync();
                    }
                }
            });
            store.commit();
            return new double[] {single, batched, bytesOnDisk(folder) / (double) map.size()};
        }
    }

    private static double[] rocksDb(Path folder, List<byte[]> values, int operations) throws Exception {
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, folder.toString());
                WriteOptions sync = new WriteOptions().setSync(true)) {
            double single = rate(operations, () -> {
                for (int i = 0; i < operations; i++) {
                    db.put(sync, key(i), values.get(i));
                }
            });
            double batched = rate(values.size(), () -> {
                for (int start = 0; start < values.size(); start += BATCH) {
                    try (WriteBatch batch = new WriteBatch()) {
                        for (int i = start; i < start + BATCH; i++) {
                            batch.put(key(operations + i), values.get(i));
                        }
                        db.write(sync, batch);
                    }
                }
            });
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush);
            }
            return new double[] {single, batched, bytesOnDisk(folder) / (double) (operations + values.size())};
        }
    }

    private static byte[] key(int i) {
        return ("lead-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A lead as the application stores one: CRM fields, engagement, the grading with its reasons, some history. */
    static Document lead(Random random, int i) {
        List<Document> reasons = new ArrayList<>();
        for (int r = 0; r < 12; r++) {
            reasons.add(new Document("rule", "Fit: rule number " + r + " for title and size")
                    .append("points", random.nextInt(20))
                    .append("dimension", r % 2 == 0 ? "FIT" : "ENGAGEMENT"));
        }
        List<Document> history = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            history.add(new Document("at", new Date(1_780_000_000_000L + random.nextInt(1_000_000_000)))
                    .append("grade", "B" + (1 + random.nextInt(3)))
                    .append("ruleset", "v" + random.nextInt(40)));
        }
        return new Document("_id", i)
                .append("externalId", "crm-" + i)
                .append("email", "person" + i + "@company" + random.nextInt(5000) + ".example.com")
                .append("firstName", "First" + random.nextInt(10_000))
                .append("lastName", "Last" + random.nextInt(10_000))
                .append("company", "Company " + random.nextInt(5000) + " Holdings")
                .append("title", random.nextBoolean() ? "VP Marketing" : "Director of Sales Operations")
                .append("country", "US")
                .append("industry", "Software")
                .append("companySize", random.nextInt(10_000))
                .append("source", "web")
                .append("createdAt", new Date(1_780_000_000_000L + random.nextInt(1_000_000_000)))
                .append(
                        "engagementCounts",
                        new Document("webVisits", random.nextInt(30))
                                .append("pricingPageVisits", random.nextInt(5))
                                .append("formSubmissions", random.nextInt(3)))
                .append("grade", "B2")
                .append("fitPoints", random.nextInt(100))
                .append("engagementPoints", random.nextInt(100))
                .append("reasons", reasons)
                .append("history", history)
                .append("notes", "Met at the spring conference; asked about pricing tiers and integrations. ".repeat(3))
                .append("version", 0L);
    }

    private static byte[] bson(Document document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new DocumentCodec()
                .encode(
                        new BsonBinaryWriter(buffer),
                        document,
                        EncoderContext.builder().build());
        return buffer.toByteArray();
    }

    private static int bsonSize(Document document) {
        return new RawBsonDocument(bson(document)).getByteBuffer().remaining();
    }

    private static long bytesOnDisk(Path folder) throws Exception {
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(path -> path.toFile().length())
                    .sum();
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double rate(int count, Work work) throws Exception {
        long started = System.nanoTime();
        work.run();
        return count / ((System.nanoTime() - started) / 1e9);
    }

    private static void parallel(Runnable work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(threads.submit(work));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
    }
}
