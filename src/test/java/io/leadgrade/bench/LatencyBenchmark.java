package io.leadgrade.bench;

import io.leadgrade.grading.LeadData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.ObjectMapper;

/**
 * Loopback load against the packaged application in its own JVM: the highest rate each endpoint sustains with 8
 * clients, then a fixed (open-loop) rate at half the bare endpoint's rate on each, and {@code POST /api/leads} once
 * more at half its own maximum, with p50/p99 measured from each request's scheduled send time. Baseline: {@code POST /api/bench/leads}, which stores the same document without grading.
 * Run with {@code ./mvnw -Pbench verify -Dbench.args=latency}; it only ever talks to 127.0.0.1 and stops by itself.
 */
public final class LatencyBenchmark {

    /** The admin key the benchmarked app is started with (a fresh store each run). */
    static final String KEY = "lg_0000000be4c8_latency-benchmark-key-not-for-production-00";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final List<LeadData> leads = new LeadGenerator(7).leads(10_000);

    private LatencyBenchmark(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static void main(String[] args) throws Exception {
        Path jar = PackagedApp.jar();
        int port = PackagedApp.freePort();
        Path data = Files.createTempDirectory("leadgrade-latency");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
        // Extra options for the benchmarked JVM, e.g. BENCH_APP_JVM="-XX:+UseZGC" to compare collectors.
        String jvm = System.getenv("BENCH_APP_JVM");
        if (jvm != null && !jvm.isBlank()) {
            command.addAll(List.of(jvm.trim().split("\\s+")));
            System.out.println("app JVM options: -Xmx1g " + jvm.trim());
        }
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--leadgrade.bench.enabled=true",
                "--leadgrade.security.initial-admin-key=" + KEY,
                "--leadgrade.rules.watch.enabled=false",
                "--leadgrade.store.embedded.path=" + data));
        Process app = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("app.log").toFile())
                .start();
        try {
            LatencyBenchmark benchmark = new LatencyBenchmark(port);
            if (args.length > 1 && args[1].startsWith("load")) {
                benchmark.load(args.length > 2 ? Integer.parseInt(args[2]) : 100, 60);
            } else {
                benchmark.run();
            }
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
            PackagedApp.deleteTree(data);
        }
    }

    private void run() throws Exception {
        awaitHealthy();
        String[] paths = {"/api/bench/leads", "/api/leads", "/api/grade"};
        for (String path : paths) {
            closedLoop(path, 8, 5); // warm-up
        }
        Map<String, Double> maxRate = new LinkedHashMap<>();
        for (String path : paths) {
            maxRate.put(path, closedLoop(path, 8, 15));
        }
        double bare = maxRate.get("/api/bench/leads");
        int fixedRate = (int) (bare / 2);
        System.out.println();
        System.out.println("Loopback load, 8 clients (baseline: /api/bench/leads stores the same document ungraded)");
        System.out.printf(Locale.ROOT, "%-18s %14s %10s%n", "endpoint", "max req/s", "vs bare");
        maxRate.forEach(
                (path, rate) -> System.out.printf(Locale.ROOT, "%-18s %,14.0f %10.3f%n", path, rate, rate / bare));
        System.out.printf(
                Locale.ROOT,
                "%nFixed rate %,d req/s (half the bare maximum) for 20 s, latency from scheduled send%n",
                fixedRate);
        System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s %8s%n", "endpoint", "sent", "p50 ms", "p99 ms", "errors");
        for (String path : paths) {
            openLoop(path, fixedRate, 20);
        }
        // Issue 20's wording: POST /api/leads at half its own maximum, which is above the bare endpoint's.
        int leadsRate = (int) (maxRate.get("/api/leads") / 2);
        System.out.printf(
                Locale.ROOT,
                "%nFixed rate %,d req/s (half the /api/leads maximum) for 20 s, latency from scheduled send%n",
                leadsRate);
        System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s %8s%n", "endpoint", "sent", "p50 ms", "p99 ms", "errors");
        openLoop("/api/leads", leadsRate, 20);
    }

    /**
     * The load test of issue 6: {@code POST /api/leads} and {@code POST /api/grade} at a fixed rate each for
     * {@code seconds}, then a check that every lead acknowledged with 200 is stored (read back by its external id).
     */
    private void load(int rate, int seconds) throws Exception {
        awaitHealthy();
        closedLoop("/api/leads", 4, 5); // warm-up
        closedLoop("/api/grade", 4, 5);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        System.out.printf(
                Locale.ROOT,
                "%nLoad: %,d req/s on each endpoint for %d s, latency from scheduled send%n",
                rate,
                seconds);
        System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s %8s%n", "endpoint", "sent", "p50 ms", "p99 ms", "errors");
        Thread grading = new Thread(() -> {
            try {
                openLoop("/api/grade", rate, seconds, id -> {});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        grading.start();
        openLoop("/api/leads", rate, seconds, acknowledged::add);
        grading.join();
        int missing = 0;
        for (String externalId : acknowledged) {
            HttpResponse<String> stored = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/leads/" + externalId))
                            .header("X-API-Key", KEY)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (stored.statusCode() != 200) {
                missing++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "acknowledged leads stored afterwards: %,d of %,d%n",
                acknowledged.size() - missing,
                acknowledged.size());
    }

    /** Bodies are read only for answers other than 200 (to say what went wrong); a success's body is discarded. */
    private static final HttpResponse.BodyHandler<String> ERRORS_READ = info -> info.statusCode() == 200
            ? HttpResponse.BodySubscribers.replacing("")
            : HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8);

    /** Counts an error and prints the first one of an endpoint's run (status and body, or the exception). */
    private static void firstError(String path, AtomicInteger errors, String what) {
        if (errors.getAndIncrement() == 0) {
            System.err.println(path + ": first error " + what.substring(0, Math.min(300, what.length())));
        }
    }

    /** Highest rate with this many clients each sending as fast as answers come; errors are counted, not retried. */
    private double closedLoop(String path, int clients, int seconds) throws InterruptedException {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<String> response = client.send(request(path), ERRORS_READ);
                        if (response.statusCode() == 200) {
                            done.incrementAndGet();
                        } else {
                            firstError(path, errors, response.statusCode() + " " + response.body());
                        }
                    } catch (IOException | InterruptedException e) {
                        firstError(path, errors, e.toString());
                    }
                }
                finished.countDown();
            });
            thread.start();
        }
        finished.await();
        if (errors.get() > 0) {
            System.err.println(path + ": " + errors.get() + " errors in the closed loop");
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Sends at a fixed rate whatever the answers do, so slow answers show as latency rather than fewer requests. */
    private void openLoop(String path, int rate, int seconds) throws InterruptedException {
        openLoop(path, rate, seconds, id -> {});
    }

    private void openLoop(String path, int rate, int seconds, java.util.function.Consumer<String> acknowledged)
            throws InterruptedException {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        int total = rate * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(total);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        timer.scheduleAtFixedRate(
                () -> {
                    long due = start + sent.get() * interval;
                    while (sent.get() < total && System.nanoTime() >= due) {
                        long scheduled = due;
                        sent.incrementAndGet();
                        long id = IDS.incrementAndGet();
                        client.sendAsync(request(path, id), ERRORS_READ).whenComplete((response, failure) -> {
                            if (failure != null) {
                                firstError(path, errors, failure.toString());
                            } else if (response.statusCode() != 200) {
                                firstError(path, errors, response.statusCode() + " " + response.body());
                            } else {
                                latencies.add(System.nanoTime() - scheduled);
                                acknowledged.accept("load-" + id);
                            }
                            answered.countDown();
                        });
                        due = start + sent.get() * interval;
                    }
                },
                0,
                Math.max(interval / 2, 100_000),
                TimeUnit.NANOSECONDS);
        boolean all = answered.await(seconds + 30L, TimeUnit.SECONDS);
        timer.shutdownNow();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "%-18s %10d %10.2f %10.2f %8d%s%n",
                path,
                sent.get(),
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                errors.get(),
                all ? "" : " (not all answered)");
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private HttpRequest request(String path) {
        return request(path, IDS.incrementAndGet());
    }

    private HttpRequest request(String path, long id) {
        LeadData lead = leads.get((int) (id % leads.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("externalId", "load-" + id);
        body.put("email", lead.email());
        body.put("title", lead.title());
        body.put("companySize", lead.companySize());
        body.put("industry", lead.industry());
        body.put("country", lead.country());
        body.put("productLine", lead.productLine());
        body.put(
                "engagementCounts",
                Map.of(
                        "emailClicks", lead.engagement().emailClicks(),
                        "webVisits", lead.engagement().webVisits(),
                        "pricingPageVisits", lead.engagement().pricingPageVisits(),
                        "formSubmissions", lead.engagement().formSubmissions(),
                        "webinarsAttended", lead.engagement().webinarsAttended()));
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("X-API-Key", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }

    private void awaitHealthy() throws InterruptedException {
        PackagedApp.awaitHealthy(client, base);
    }
}
