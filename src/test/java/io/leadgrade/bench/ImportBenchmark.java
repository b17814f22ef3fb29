package io.leadgrade.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.leadgrade.grading.LeadData;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A CSV import of N leads (default 1,000,000) into the packaged application started with a 256 MB heap, or H MB
 * ({@code ./mvnw -Pbench verify -Dbench.args="import [N [H]]"}): rows per second of the import job and the heap it used
 * (the most used and the most still live after a collection, polled every half second). The baseline is the same
 * rows written straight into the same embedded store with {@code insertMany} by 1,000 (no parsing, no grading, no
 * history, no handoffs).
 */
final class ImportBenchmark {

    static final String KEY = LatencyBenchmark.KEY;
    static final String[] LINES = {"analytics", "crm", "support", "platform"};
    static final String[] SOURCES = {"web", "event", "partner", "paid-search", "webinar", "referral"};
    static final String HEADER = "Lead ID,Email,First,Last,Job Title,Company,Employees,Industry,Country,Product,"
            + "Lead Source,Email clicks,Web visits,Pricing visits,Forms,Webinars,Campaign";
    static final String MAPPING = """
            columns:
              externalId: Lead ID
              email: Email
              firstName: First
              lastName: Last
              title: Job Title
              company: Company
              companySize: Employees
              industry: Industry
              country: Country
              productLine: Product
              source: Lead Source
              emailClicks: Email clicks
              webVisits: Web visits
              pricingPageVisits: Pricing visits
              formSubmissions: Forms
              webinarsAttended: Webinars
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String mapping;

    ImportBenchmark(int port) {
        this(port, MAPPING);
    }

    /** The import with another mapping (the history benchmark's adds an outcome section). */
    ImportBenchmark(int port, String mapping) {
        this.base = "http://127.0.0.1:" + port;
        this.mapping = mapping;
    }

    HttpClient http() {
        return http;
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        // The application's heap in megabytes: 256 by default (issue 9's limit); issue 20 asks for 512.
        int heap = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        Path data = Files.createTempDirectory("leadgrade-import");
        Path csv = data.resolve("leads.csv");
        long started = System.nanoTime();
        long bytes = write(csv, rows);
        System.out.printf(Locale.ROOT, "wrote %,d rows (%,d MB) in %.1f s%n", rows, bytes >> 20, seconds(started));
        int port = PackagedApp.freePort();
        int storePort = PackagedApp.freePort();
        Process app = new ProcessBuilder(
                        "java",
                        "-Xmx" + heap + "m",
                        "-jar",
                        PackagedApp.jar().toString(),
                        "--server.port=" + port,
                        "--leadgrade.security.initial-admin-key=" + KEY,
                        "--leadgrade.rules.watch.enabled=false",
                        "--leadgrade.store.embedded.port=" + storePort,
                        "--leadgrade.store.embedded.path=" + data.resolve("store"))
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("app.log").toFile())
                .start();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + storePort)) {
            ImportBenchmark benchmark = new ImportBenchmark(port);
            PackagedApp.awaitHealthy(benchmark.http, benchmark.base);
            double baseline =
                    benchmark.baseline(client.getDatabase("leadgrade").getCollection("import_baseline"), rows);
            double[] imported = benchmark.importFile(csv, rows);
            System.out.println();
            System.out.printf(Locale.ROOT, "Import of %,d leads, app heap -Xmx%dm%n", rows, heap);
            System.out.printf(Locale.ROOT, "%-44s %12s %10s%n", "path", "rows/s", "ratio");
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %,12.0f %10s%n",
                    "baseline: insertMany by 1,000 (same store)",
                    baseline,
                    "1.000");
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %,12.0f %10.3f%n",
                    "import job (map, validate, grade, store)",
                    imported[0],
                    imported[0] / baseline);
            System.out.printf(
                    Locale.ROOT,
                    "heap: most used %.0f MB, most live after a collection %.0f MB (limit %d MB); %s%n",
                    imported[1],
                    imported[2],
                    heap,
                    benchmark.counts());
            long file = Files.size(data.resolve("store").resolve("leadgrade.mv"));
            System.out.printf(
                    Locale.ROOT,
                    "store file after the import: %,d MB (%,.0f bytes per imported row)%n",
                    file >> 20,
                    (double) file / rows);
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The CSV: the benchmark's lead generator with ids, names, product lines, sources and one unmapped column. */
    private static long write(Path csv, int rows) throws Exception {
        return write(csv, rows, null);
    }

    /** The same CSV with an extra last column "Stage" from {@code stage} (the row's lead; "" for none), if given. */
    static long write(Path csv, int rows, java.util.function.Function<LeadData, String> stage) throws Exception {
        return write(csv, rows, stage == null ? null : "Stage", stage == null ? null : (i, lead) -> stage.apply(lead));
    }

    /**
     * The same CSV with extra last columns, if given: {@code header} (their names, comma-separated) and, per row,
     * {@code extra} of the row's number and lead (their values, comma-separated).
     */
    static long write(Path csv, int rows, String header, java.util.function.BiFunction<Integer, LeadData, String> extra)
            throws Exception {
        LeadGenerator generator = new LeadGenerator(11);
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write(extra == null ? HEADER : HEADER + "," + header);
            out.write("\r\n");
            for (int i = 0; i < rows; i++) {
                LeadData lead = generator.next();
                var e = lead.engagement();
                out.write(String.join(
                        ",",
                        List.of(
                                "L" + i,
                                "lead" + i + lead.email().substring(lead.email().indexOf('@')),
                                "First" + i,
                                "Last" + i,
                                quoted(lead.title()),
                                quoted(lead.company()),
                                lead.companySize() == null
                                        ? ""
                                        : lead.companySize().toString(),
                                quoted(lead.industry()),
                                lead.country(),
                                LINES[i % LINES.length],
                                SOURCES[i % SOURCES.length],
                                String.valueOf(e.emailClicks()),
                                String.valueOf(e.webVisits()),
                                String.valueOf(e.pricingPageVisits()),
                                String.valueOf(e.formSubmissions()),
                                String.valueOf(e.webinarsAttended()),
                                "campaign-" + (i % 40))));
                if (extra != null) {
                    out.write(",");
                    out.write(extra.apply(i, lead));
                }
                out.write("\r\n");
            }
        }
        return Files.size(csv);
    }

    private static String quoted(String value) {
        return value.contains(",") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** Rows per second of plain insertMany by 1,000 of lead-shaped documents into the same store. */
    private double baseline(MongoCollection<Document> collection, int rows) {
        LeadGenerator generator = new LeadGenerator(11);
        long started = System.nanoTime();
        List<Document> batch = new ArrayList<>(1000);
        for (int i = 0; i < rows; i++) {
            LeadData lead = generator.next();
            batch.add(new Document("externalId", "L" + i)
                    .append("email", "lead" + i + "@x.com")
                    .append("firstName", "First" + i)
                    .append("lastName", "Last" + i)
                    .append("title", lead.title())
                    .append("company", lead.company())
                    .append("companySize", lead.companySize())
                    .append("industry", lead.industry())
                    .append("country", lead.country())
                    .append("productLine", LINES[i % LINES.length])
                    .append("source", SOURCES[i % SOURCES.length])
                    .append("attributes", new Document("Campaign", "campaign-" + (i % 40))));
            if (batch.size() == 1000 || i == rows - 1) {
                collection.insertMany(batch);
                batch = new ArrayList<>(1000);
            }
        }
        double rate = rows / seconds(started);
        collection.drop();
        return rate;
    }

    /** Uploads the mapping and the file, follows the job; rows/s, most heap used and most live, in MB. */
    double[] importFile(Path csv, int rows) throws Exception {
        HttpResponse<String> stored = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/imports/mappings/bench"))
                        .header("X-API-Key", KEY)
                        .header("Content-Type", "application/yaml")
                        .PUT(HttpRequest.BodyPublishers.ofString(mapping))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (stored.statusCode() != 200) {
            throw new IllegalStateException("mapping: " + stored.body());
        }
        long started = System.nanoTime();
        HttpResponse<String> sent = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/imports?mapping=bench&fileName=leads.csv"))
                        .header("X-API-Key", KEY)
                        .header("Content-Type", "text/csv")
                        .timeout(Duration.ofMinutes(30))
                        .POST(HttpRequest.BodyPublishers.ofFile(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (sent.statusCode() / 100 != 2) {
            throw new IllegalStateException("import: " + sent.statusCode() + " " + sent.body());
        }
        JsonNode accepted = json.readTree(sent.body());
        String job = accepted.path("job").path("id").asString();
        double used = 0;
        double live = 0;
        long lastReport = System.nanoTime();
        JsonNode state;
        while (true) {
            state = json.readTree(get("/api/jobs/" + job));
            used = Math.max(used, metric("jvm.memory.used?tag=area:heap"));
            live = Math.max(live, metric("jvm.gc.live.data.size"));
            if (state.path("status").asString().matches("COMPLETED|FAILED|CANCELLED")) {
                break;
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
                System.out.printf(
                        Locale.ROOT,
                        "%.0f s: %,d of %,d rows%n",
                        seconds(started),
                        state.path("processed").asLong(),
                        state.path("total").asLong());
                lastReport = System.nanoTime();
            }
            Thread.sleep(500);
        }
        double elapsed = seconds(started);
        if (!state.path("status").asString().equals("COMPLETED")) {
            throw new IllegalStateException("import job " + state);
        }
        System.out.println(state.path("message").asString());
        return new double[] {rows / elapsed, used / (1 << 20), live / (1 << 20)};
    }

    private String counts() throws Exception {
        JsonNode nqs = json.readTree(get("/api/reports/nqs?groupBy=TERRITORY"));
        return "handoffs in the reports: " + nqs.path("total").path("leads").asLong();
    }

    private double metric(String name) throws Exception {
        JsonNode node = json.readTree(get("/actuator/metrics/" + name));
        return node.path("measurements").path(0).path("value").asDouble();
    }

    private String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("X-API-Key", KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
