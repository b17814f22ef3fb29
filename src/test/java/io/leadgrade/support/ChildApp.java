package io.leadgrade.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The application in a JVM of its own (the test classpath, so the test configuration), for tests that kill it. */
public final class ChildApp {

    private ChildApp() {}

    /** Starts the app on {@code port} with its embedded store under {@code data}/store; output to {@code log}. */
    public static Process start(Path data, int port, Path log, String... more) throws IOException {
        List<String> command = command(data, port);
        command.add("--leadgrade.rules.path=" + Path.of("rules").toAbsolutePath());
        command.addAll(List.of(more));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * Starts the app as {@link #start} does but in {@code data} as its working folder and with no rules folder named,
     * as a jar started from a folder without {@code rules/}.
     */
    public static Process startWithoutRules(Path data, int port, Path log) throws IOException {
        return new ProcessBuilder(command(data, port))
                .directory(data.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static List<String> command(Path data, int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.leadgrade.LeadGradeApplication",
                "--server.port=" + port,
                "--leadgrade.store.embedded.path=" + data.resolve("store"),
                "--leadgrade.store.embedded.temporary=false"));
    }

    public static void awaitHealthy(Http http, Process app) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (Instant.now().isBefore(deadline)) {
            assertThat(app.isAlive()).as("app process exited during start-up").isTrue();
            try {
                if (http.get("/actuator/health").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // keep polling
            }
            Thread.sleep(250);
        }
        throw new AssertionError("app did not become healthy within 300 s");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
