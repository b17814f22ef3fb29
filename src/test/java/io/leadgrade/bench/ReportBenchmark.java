package io.leadgrade.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Report response times at 10,000 and at 1,000,000 handed-off leads on the embedded store
 * ({@code ./mvnw -Pbench verify -Dbench.args=reports}). Starts the packaged application, writes synthetic handoffs
 * straight into its embedded store (six months, six territories, a dozen reps, four product lines, six sources),
 * rebuilds the rollups through the API (timed), then times each report over HTTP. The baseline is what a report
 * would cost without rollups: one pass over the same handoffs in the same store.
 */
final class ReportBenchmark {

    static final String KEY = LatencyBenchmark.KEY;
    static final Instant START = Instant.parse("2026-05-01T00:00:00Z");
    static final String[] TERRITORIES = {"na-east", "na-west", "emea-north", "emea-south", "apac", "latam"};
    static final String[] LINES = {"analytics", "crm", "support", "platform"};
    static final String[] SOURCES = {"web", "event", "partner", "paid-search", "webinar", "referral"};
    static final String[] CODES = {
        "SQO", "UNABLE_TO_CONNECT", "NO_INTEREST", "WRONG_ROLE", "EARLY_STAGE", "BAD_DATA", "COMPETITOR"
    };

    /** The reports timed, each as a user would ask for it. */
    static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("nqs by territory", "/api/reports/nqs?groupBy=TERRITORY");
        QUERIES.put(
                "nqs by rep, one territory, 90 days",
                "/api/reports/nqs?groupBy=REP&territory=na-east" + "&from=2026-07-14&to=2026-10-12");
        QUERIES.put("nqs by week", "/api/reports/nqs?groupBy=WEEK");
        QUERIES.put("dispositions by rep", "/api/reports/dispositions?groupBy=REP");
        QUERIES.put(
                "dispositions by month, product line", "/api/reports/dispositions?groupBy=MONTH" + "&productLine=crm");
        QUERIES.put("calibration", "/api/reports/calibration");
        QUERIES.put("performance by territory", "/api/reports/performance?groupBy=TERRITORY");
        QUERIES.put(
                "performance by rep, 3 filters",
                "/api/reports/performance?groupBy=REP&territory=apac"
                        + "&productLine=analytics&source=web&from=2026-05-10");
        QUERIES.put("nqs.csv by source", "/api/reports/nqs.csv?groupBy=SOURCE");
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final Random random = new Random(7);

    private ReportBenchmark(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static void main(String[] args) throws Exception {
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path jar = PackagedApp.jar();
        int port = PackagedApp.freePort();
        int storePort = PackagedApp.freePort();
        Path data = Files.createTempDirectory("leadgrade-reports");
        Process app = new ProcessBuilder(
                        "java",
                        "-Xmx4g",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port,
                        "--leadgrade.security.initial-admin-key=" + KEY,
                        "--leadgrade.rules.watch.enabled=false",
                        // The SLA check would note the synthetic open handoffs overdue while they are timed.
                        "--leadgrade.handoff.check-interval=1d",
                        "--leadgrade.store.embedded.port=" + storePort,
                        "--leadgrade.store.embedded.path=" + data)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("app.log").toFile())
                .start();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + storePort)) {
            ReportBenchmark benchmark = new ReportBenchmark(port);
            PackagedApp.awaitHealthy(benchmark.http, benchmark.base);
            MongoCollection<Document> handoffs = client.getDatabase("leadgrade").getCollection("handoffs");
            List<String> lines = new ArrayList<>();
            Map<String, double[]> small = benchmark.phase(handoffs, 10_000, lines);
            Map<String, double[]> big = benchmark.phase(handoffs, large, lines);
            System.out.println();
            lines.forEach(System.out::println);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "Report response over HTTP, median of 40 (p95), at 10,000 and %,d handed-off leads%n",
                    large);
            System.out.printf(
                    Locale.ROOT,
                    "%-38s %18s %18s %8s%n",
                    "report",
                    "10,000 ms",
                    String.format("%,d ms", large),
                    "ratio");
            for (String name : QUERIES.keySet()) {
                double[] a = small.get(name);
                double[] b = big.get(name);
                System.out.printf(
                        Locale.ROOT,
                        "%-38s %9.1f (%6.1f) %9.1f (%6.1f) %8.2f%n",
                        name,
                        a[0],
                        a[1],
                        b[0],
                        b[1],
                        b[0] / a[0]);
            }
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Fills the store up to {@code target} handoffs, rebuilds, times the baseline scan and every report. */
    private Map<String, double[]> phase(MongoCollection<Document> handoffs, int target, List<String> lines)
            throws Exception {
        long have = handoffs.countDocuments();
        long started = System.nanoTime();
        List<Document> batch = new ArrayList<>(1000);
        for (long i = have; i < target; i++) {
            batch.add(handoff(i));
            if (batch.size() == 1000 || i == target - 1) {
                handoffs.insertMany(batch);
                batch = new ArrayList<>(1000);
            }
        }
        double insertSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        JsonNode job =
                json.readTree(send("POST", "/api/reports/rollups/rebuild").body());
        String id = job.path("id").asString();
        while (!(job = json.readTree(send("GET", "/api/jobs/" + id).body()))
                .path("status")
                .asString()
                .matches("COMPLETED|FAILED|CANCELLED")) {
            Thread.sleep(200);
        }
        double rebuildSeconds = (System.nanoTime() - started) / 1e9;
        if (!job.path("status").asString().equals("COMPLETED")) {
            throw new IllegalStateException("rebuild " + job);
        }
        started = System.nanoTime();
        long scanned = 0;
        for (Document ignored :
                handoffs.find().batchSize(2000).projection(Projections.include("at", "territory", "grade"))) {
            scanned++;
        }
        double scanMillis = (System.nanoTime() - started) / 1e6;
        String check = send("GET", "/api/reports/nqs?groupBy=TERRITORY").body();
        long total = json.readTree(check).path("total").path("leads").asLong();
        if (total != target) {
            throw new IllegalStateException("reports count " + total + " handoffs, stored " + target);
        }
        lines.add(String.format(
                Locale.ROOT,
                "%,d handoffs: inserted %,d in %.1f s; rollup rebuild %.1f s (%s); baseline scan of all handoffs"
                        + " %,.0f ms (%,d read)",
                target,
                target - have,
                insertSeconds,
                rebuildSeconds,
                job.path("message").asString(),
                scanMillis,
                scanned));
        Map<String, double[]> times = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : QUERIES.entrySet()) {
            for (int i = 0; i < 15; i++) {
                send("GET", query.getValue());
            }
            long[] nanos = new long[40];
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                HttpResponse<String> response = send("GET", query.getValue());
                nanos[i] = System.nanoTime() - t;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(query.getValue() + " answered " + response.statusCode());
                }
            }
            Arrays.sort(nanos);
            times.put(query.getKey(), new double[] {nanos[nanos.length / 2] / 1e6, nanos[37] / 1e6});
        }
        return times;
    }

    /** One synthetic handoff, shaped like the application's: six months, skewed grades and outcomes. */
    private Document handoff(long n) {
        int territory = random.nextInt(TERRITORIES.length);
        String rep = TERRITORIES[territory] + "-rep-" + (1 + random.nextInt(2));
        Instant at = START.plusSeconds((long) (random.nextDouble() * 183 * 86_400));
        double g = random.nextDouble();
        String grade = g < 0.35 ? "A1" : g < 0.7 ? "A2" : g < 0.97 ? "B1" : "B2";
        String tier = grade.equals("A1") ? "HIGH" : grade.equals("A2") ? "MEDIUM" : "LOW";
        boolean decided = random.nextDouble() < 0.85;
        String code = decided ? CODES[random.nextInt(CODES.length)] : null;
        Instant first = decided ? at.plusSeconds(600 + random.nextInt(5 * 86_400)) : null;
        List<Document> history = new ArrayList<>();
        history.add(new Document("at", Date.from(at)).append("type", "HANDED_OFF"));
        if ("SQO".equals(code) && random.nextDouble() < 0.3) {
            history.add(new Document("at", Date.from(first.plusSeconds(86_400))).append("type", "OPPORTUNITY_WON"));
        }
        return new Document("_id", "bench-" + n + ":0")
                .append("leadId", "bench-" + n)
                .append("cycle", 0)
                .append("at", Date.from(at))
                .append("territory", TERRITORIES[territory])
                .append("routedBy", "bench")
                .append("fallback", false)
                .append("repId", rep)
                .append("assignedAt", Date.from(at))
                .append("dueAt", Date.from(at.plus(Duration.ofHours(24))))
                .append("grade", grade)
                .append("tier", tier)
                .append("model", "default")
                .append("rulesetVersion", "bench")
                .append("productLine", LINES[random.nextInt(LINES.length)])
                .append("source", SOURCES[random.nextInt(SOURCES.length)])
                .append("status", decided ? "DISPOSITIONED" : "OPEN")
                .append("firstDispositionAt", first == null ? null : Date.from(first))
                .append("disposition", code)
                .append("overdueNoted", !decided && random.nextBoolean())
                .append("reassignments", 0)
                .append("history", history)
                .append("version", 0L);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("X-API-Key", KEY)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
