package io.leadgrade.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A webhook receiver on loopback (the JDK's HTTP server on a free port) that records every request and answers
 * as scripted: a queue of answers, each a status or a hang until released; 200 when the queue is empty.
 */
final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. */
    record Received(String eventId, String eventType, String signature, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private interface Answer {
        int status() throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger blocked = new AtomicInteger();
    private volatile int otherwise = 200;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next requests get these statuses, in order. */
    Receiver answer(int... statuses) {
        for (int status : statuses) {
            script.add(() -> status);
        }
        return this;
    }

    /** The next request hangs until {@code release} counts down, then gets 200 (if its sender still waits). */
    Receiver hang(CountDownLatch release) {
        script.add(() -> {
            blocked.incrementAndGet();
            try {
                release.await(5, TimeUnit.MINUTES);
                return 200;
            } finally {
                blocked.decrementAndGet();
            }
        });
        return this;
    }

    /** Requests beyond the script get this status. */
    Receiver otherwise(int status) {
        this.otherwise = status;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests held in {@link #hang} right now. */
    int blocked() {
        return blocked.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var headers = exchange.getRequestHeaders();
        received.add(new Received(
                headers.getFirst("LeadGrade-Event-Id"),
                headers.getFirst("LeadGrade-Event-Type"),
                headers.getFirst("LeadGrade-Signature"),
                body));
        Answer answer = script.poll();
        int status;
        try {
            status = answer == null ? otherwise : answer.status();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            status = 503;
        }
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException senderGaveUp) {
            // the client timed out meanwhile
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
