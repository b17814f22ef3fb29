package io.leadgrade.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A first start with the demo data ({@code ./mvnw -Pbench verify -Dbench.args="demo [N]"}, N leads, default 20,000):
 * the packaged application on a new embedded store with {@code --leadgrade.demo.enabled=true}, timed from the
 * process start to health UP, to the end of the demo import (a history: about a quarter of the rows carry a
 * handoff, a rep and an outcome), and to the end of the rule-feedback refresh that follows it (every dashboard page
 * filled: "demo ready"). The baseline, in the same store and run: the same number of lead-shaped documents, plus
 * one handoff-shaped document per row with an outcome, written with {@code insertMany} by 500.
 */
final class DemoBenchmark {

    private static final Pattern IMPORT_STARTED = Pattern.compile("Loading \\d+ demo leads: import (\\S+), job (\\S+)");
    private static final Pattern FEEDBACK_STARTED = Pattern.compile("refreshing the rule feedback \\(job (\\S+)\\)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int leads = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        // Anything after N is passed to the application as it is (--property=value), for experiments.
        new DemoBenchmark().run(leads, java.util.Arrays.asList(args).subList(Math.min(2, args.length), args.length));
    }

    private void run(int leads, List<String> extra) throws Exception {
        Path data = Files.createTempDirectory("leadgrade-demo");
        Path log = data.resolve("app.log");
        int port = PackagedApp.freePort();
        int storePort = PackagedApp.freePort();
        String base = "http://127.0.0.1:" + port;
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(
                "java",
                "-Xmx1g",
                "-jar",
                PackagedApp.jar().toString(),
                "--server.port=" + port,
                "--leadgrade.security.initial-admin-key=" + LatencyBenchmark.KEY,
                "--leadgrade.rules.watch.enabled=false",
                "--leadgrade.demo.enabled=true",
                "--leadgrade.demo.leads=" + leads,
                "--leadgrade.store.embedded.port=" + storePort,
                "--leadgrade.store.embedded.path=" + data.resolve("store")));
        command.addAll(extra);
        Process app = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            awaitHealthy(base);
            double healthy = seconds(started);
            Matcher importing = await(log, IMPORT_STARTED);
            JsonNode imported = awaitJob(base, importing.group(2));
            double importDone = seconds(started);
            Matcher refreshing = await(log, FEEDBACK_STARTED);
            awaitJob(base, refreshing.group(1));
            double ready = seconds(started);
            JsonNode counts = json.readTree(get(base, "/api/imports/" + importing.group(1)))
                    .path("import");
            long rows = counts.path("rows").asLong();
            long outcomes = counts.path("outcomes").asLong();
            double importSeconds = importDone - healthy;
            double baseline;
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + storePort)) {
                baseline = baseline(client.getDatabase("leadgrade"), rows, outcomes);
            }
            long store = folderSize(data.resolve("store"));
            System.out.println();
            System.out.printf(
                    Locale.ROOT, "First start with the demo data, %,d leads (%,d with outcomes)%n", rows, outcomes);
            System.out.printf(
                    Locale.ROOT,
                    "health UP %.1f s, import done %.1f s, demo ready (feedback refreshed) %.1f s%n",
                    healthy,
                    importDone,
                    ready);
            System.out.printf(Locale.ROOT, "%-52s %10s %8s%n", "path", "rows/s", "ratio");
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %,10.0f %8s%n",
                    "baseline: insertMany by 500 (leads + handoffs)",
                    baseline,
                    "1.000");
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %,10.0f %8.3f%n",
                    "demo import job (" + imported.path("message").asString().replaceAll(":.*", "") + ")",
                    rows / importSeconds,
                    rows / importSeconds / baseline);
            System.out.printf(
                    Locale.ROOT, "store folder: %,d MB (%,.0f bytes per lead)%n", store >> 20, (double) store / rows);
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
            PackagedApp.deleteTree(data);
        }
    }

    /** Rows per second of insertMany by 500 of lead documents and, for the rows with outcomes, handoff documents. */
    private static double baseline(com.mongodb.client.MongoDatabase db, long rows, long outcomes) {
        MongoCollection<Document> leads = db.getCollection("baseline_leads");
        MongoCollection<Document> handoffs = db.getCollection("baseline_handoffs");
        long started = System.nanoTime();
        List<Document> batch = new ArrayList<>(500);
        List<Document> handed = new ArrayList<>(500);
        for (long i = 0; i < rows; i++) {
            batch.add(new Document("externalId", "D" + i)
                    .append("email", "lead" + i + "@x.com")
                    .append("title", "VP Marketing")
                    .append("company", "Company " + i)
                    .append("companySize", 500)
                    .append("country", "FR")
                    .append("grade", "A2"));
            if (i * outcomes / rows != (i + 1) * outcomes / rows) {
                handed.add(new Document("leadId", "D" + i)
                        .append("repId", "marc.dubois")
                        .append("grade", "A2"));
            }
            if (batch.size() == 500 || i == rows - 1) {
                leads.insertMany(batch);
                if (!handed.isEmpty()) {
                    handoffs.insertMany(handed);
                }
                batch = new ArrayList<>(500);
                handed = new ArrayList<>(500);
            }
        }
        double rate = rows / seconds(started);
        leads.drop();
        handoffs.drop();
        return rate;
    }

    /** Health UP, polled; a loaded machine may take minutes to start the app. */
    private void awaitHealthy(String base) throws Exception {
        for (int i = 0; i < 3000; i++) {
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the application did not become healthy in 300 s");
    }

    private JsonNode awaitJob(String base, String id) throws Exception {
        while (true) {
            JsonNode job = json.readTree(get(base, "/api/jobs/" + id));
            String status = job.path("status").asString();
            if (status.equals("COMPLETED")) {
                return job;
            }
            if (status.matches("FAILED|CANCELLED")) {
                throw new IllegalStateException("job " + id + ": " + job);
            }
            Thread.sleep(200);
        }
    }

    private static Matcher await(Path log, Pattern line) throws Exception {
        for (int i = 0; i < 36_000; i++) {
            Matcher found = line.matcher(Files.readString(log));
            if (found.find()) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no line " + line + " in " + log);
    }

    private String get(String base, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("X-API-Key", LatencyBenchmark.KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static long folderSize(Path folder) throws Exception {
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
