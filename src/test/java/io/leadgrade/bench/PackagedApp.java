package io.leadgrade.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the loopback benchmarks share: the packaged jar, a free port, and waiting for the started app. */
final class PackagedApp {

    private PackagedApp() {}

    /** The jar `./mvnw -Pbench verify` packaged under target/. */
    static Path jar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("leadgrade-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no leadgrade jar in target/: package it first"));
        }
    }

    /**
     * Deletes a benchmark's own data folder once its app has stopped (a fresh store per run: about 1 GB after the
     * latency benchmark, 3 GB after a re-grade of a million leads).
     */
    static void deleteTree(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits up to 90 s for /actuator/health to answer 200. */
    static void awaitHealthy(HttpClient client, String base) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the application did not become healthy in 90 s");
    }
}
