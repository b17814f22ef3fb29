package io.leadgrade.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A re-grade of N stored leads on the embedded store ({@code ./mvnw -Pbench verify -Dbench.args="regrade [N]
 * [store]"}, default 1,000,000): the packaged application, its leads imported through the ordinary import (or an
 * existing store with leads, e.g. the one the import benchmark leaves, given as the folder), then two passes over
 * every lead. The baseline, {@code POST /api/bench/regrade}: the re-grade job reading every lead and writing it
 * back with its stored grading and a history entry, grading nothing. Then the real thing: a candidate that gives
 * every lead five more fit points (so every grading changes and every lead is written, as in the baseline; uploaded
 * without the rule tests, which pin the old points) is activated and {@code POST /api/rulesets/{version}/regrade}
 * re-grades every lead with it.
 */
final class RegradeBenchmark {

    static final String KEY = LatencyBenchmark.KEY;
    static final String EVERYONE = """
            package leadgrade.rules;

            import io.leadgrade.grading.engine.ScoreCard;

            rule "Benchmark: five points for everyone"
            when
                $card : ScoreCard()
            then
                $card.addFit( drools, 5 );
            end
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    RegradeBenchmark(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path data = Files.createTempDirectory("leadgrade-regrade");
        Path store = args.length > 2 ? Path.of(args[2]) : data.resolve("store");
        int port = PackagedApp.freePort();
        Process app = new ProcessBuilder(
                        "java",
                        "-Xmx1g",
                        "-jar",
                        PackagedApp.jar().toString(),
                        "--server.port=" + port,
                        "--leadgrade.security.initial-admin-key=" + KEY,
                        "--leadgrade.bench.enabled=true",
                        "--leadgrade.rules.watch.enabled=false",
                        "--leadgrade.store.embedded.path=" + store)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("app.log").toFile())
                .start();
        try {
            RegradeBenchmark benchmark = new RegradeBenchmark(port);
            PackagedApp.awaitHealthy(benchmark.http, benchmark.base);
            long stored = benchmark
                    .json("GET", "/api/leads?size=1", null)
                    .path("totalElements")
                    .asLong();
            if (stored == 0) {
                Path csv = data.resolve("leads.csv");
                ImportBenchmark.write(csv, rows, null);
                double[] imported = new ImportBenchmark(port).importFile(csv, rows);
                System.out.printf(Locale.ROOT, "imported %,d leads at %,.0f rows/s%n", rows, imported[0]);
                Files.delete(csv);
                stored = benchmark
                        .json("GET", "/api/leads?size=1", null)
                        .path("totalElements")
                        .asLong();
            }
            System.out.printf(Locale.ROOT, "%,d leads stored%n", stored);

            double[] bare = benchmark.follow(benchmark.json("POST", "/api/bench/regrade", ""));
            JsonNode activated = benchmark.candidate();
            String version = activated.path("activeVersion").asString();
            double[] graded = benchmark.follow(benchmark.json("POST", "/api/rulesets/" + version + "/regrade", ""));

            System.out.println();
            System.out.printf(Locale.ROOT, "Re-grade of %,d stored leads (embedded store)%n", stored);
            System.out.printf(
                    Locale.ROOT, "%-56s %9s %10s %12s %7s%n", "pass", "seconds", "leads/s", "written", "ratio");
            System.out.printf(
                    Locale.ROOT,
                    "%-56s %9.1f %,10.0f %,12.0f %7s%n",
                    "baseline: read and write every lead, no grading",
                    bare[0],
                    stored / bare[0],
                    bare[1],
                    "1.000");
            System.out.printf(
                    Locale.ROOT,
                    "%-56s %9.1f %,10.0f %,12.0f %7.3f%n",
                    "re-grade with a candidate that changes every lead",
                    graded[0],
                    stored / graded[0],
                    graded[1],
                    graded[0] / bare[0]);
            System.out.printf(
                    Locale.ROOT,
                    "store file after both passes: %,d MB%n",
                    Files.size(store.resolve("leadgrade.mv")) >> 20);
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
            // The store made for this run goes; one given as an argument stays where it was.
            PackagedApp.deleteTree(data);
        }
    }

    /**
     * Uploads the candidate (the rules folder with the extra rule, without its rule tests, which pin the old points)
     * as a zip and activates it; the activation.
     */
    JsonNode candidate() throws Exception {
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        Path rules = Path.of("rules");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip);
                var files = Files.walk(rules)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = rules.relativize(file).toString().replace('\\', '/');
                if (!name.startsWith("tests/")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(name));
                    out.write(Files.readAllBytes(file));
                }
            }
            out.putNextEntry(new java.util.zip.ZipEntry("bench.drl"));
            out.write(EVERYONE.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/rulesets"))
                        .header("X-API-Key", KEY)
                        .header("Content-Type", "application/zip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(zip.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("candidate: " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    /** Follows a started job to its end; {seconds, leads written}. */
    double[] follow(JsonNode started) throws Exception {
        String id = started.path("id").asString();
        if (id.isEmpty()) {
            throw new IllegalStateException("no job: " + started);
        }
        long t0 = System.nanoTime();
        long lastReport = t0;
        JsonNode state;
        while (true) {
            state = json("GET", "/api/jobs/" + id, null);
            if (state.path("status").asString().matches("COMPLETED|FAILED|CANCELLED")) {
                break;
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
                System.out.printf(
                        Locale.ROOT,
                        "%s %.0f s: %,d of %,d leads%n",
                        state.path("type").asString(),
                        ImportBenchmark.seconds(t0),
                        state.path("processed").asLong(),
                        state.path("total").asLong());
                lastReport = System.nanoTime();
            }
            Thread.sleep(250);
        }
        double seconds = ImportBenchmark.seconds(t0);
        if (!state.path("status").asString().equals("COMPLETED")) {
            throw new IllegalStateException("job " + state);
        }
        return new double[] {seconds, state.path("changed").asDouble()};
    }

    JsonNode json(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("X-API-Key", KEY)
                .timeout(Duration.ofMinutes(5));
        request = body == null
                ? request.GET()
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }
}
