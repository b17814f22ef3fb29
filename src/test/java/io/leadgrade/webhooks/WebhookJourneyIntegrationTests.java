package io.leadgrade.webhooks;

import static io.leadgrade.webhooks.WebhookIntegrationTests.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadgrade.support.Http;
import io.leadgrade.support.MutableClock;
import io.leadgrade.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The later events of a lead's journey (overdue, disposition) reach the receiver, and a receiver that hangs keeps
 * only its own delivery waiting: {@code POST /api/leads} answers while it hangs (the request timeout here is long,
 * so a request that waited for the receiver would not answer until it was released).
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "leadgrade.rules.watch.enabled=false",
            "leadgrade.webhooks.poll-interval=100ms",
            "leadgrade.webhooks.request-timeout=10m"
        })
@Import(TestClock.class)
@DirtiesContext
class WebhookJourneyIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    private final List<Receiver> receivers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setClock() {
        clock.set(Instant.parse("2026-03-02T09:00:00Z"));
    }

    @AfterEach
    void removeWebhooks() {
        Http http = new Http(port);
        for (JsonNode webhook : http.get("/api/webhooks").json()) {
            http.delete("/api/webhooks/" + webhook.path("id").asString());
        }
        release.countDown();
        receivers.forEach(Receiver::close);
    }

    @Test
    void tellsTheReceiverWhenAHandoffIsOverdueAndWhenItGetsADisposition() throws Exception {
        Http http = new Http(port);
        http.post("/api/territories", "{\"id\": \"na\", \"name\": \"North America\", \"countries\": [\"US\"]}");
        http.post(
                "/api/reps",
                "{\"id\": \"ann\", \"name\": \"Ann Lee\", \"territories\": [\"na\"], \"dailyCapacity\": 20}");
        Receiver receiver = receiver();
        subscribe(http, receiver, "lead.overdue", "lead.disposition_recorded");
        http.post("/api/leads", lead("journey-1"));

        clock.advance(Duration.ofHours(25));
        assertThat(http.post("/api/handoffs/check", "").json().path("overdue").asInt())
                .isEqualTo(1);
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
        JsonNode overdue = receiver.received().get(0).json();
        assertThat(overdue.path("type").asString()).isEqualTo("lead.overdue");
        assertThat(overdue.path("externalId").asString()).isEqualTo("journey-1");
        assertThat(overdue.path("data").path("repId").asString()).isEqualTo("ann");
        assertThat(overdue.path("data").path("dueAt").asString()).isEqualTo("2026-03-03T09:00:00Z");

        Http.Response disposition =
                http.put("/api/leads/journey-1/disposition", "{\"code\": \"SQO\", \"note\": \"Demo booked\"}");
        assertThat(disposition.status()).as(disposition.body()).isIn(200, 201);
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 2);
        JsonNode recorded = receiver.received().get(1).json();
        assertThat(recorded.path("type").asString()).isEqualTo("lead.disposition_recorded");
        assertThat(recorded.path("externalId").asString()).isEqualTo("journey-1");
        assertThat(recorded.path("data").path("code").asString()).isEqualTo("SQO");
        assertThat(recorded.path("data").path("handoffId").asString())
                .isEqualTo(overdue.path("data").path("handoffId").asString());
    }

    @Test
    void aReceiverThatHangsDoesNotHoldBackPostLeads() throws Exception {
        Http http = new Http(port);
        Receiver receiver = receiver().hang(release);
        subscribe(http, receiver, "lead.graded");
        assertThat(http.post("/api/leads", lead("slow-1")).status()).isIn(200, 201);
        await().atMost(PATIENCE).until(() -> receiver.blocked() == 1);

        CompletableFuture<Http.Response> next =
                CompletableFuture.supplyAsync(() -> http.post("/api/leads", lead("slow-2")));

        await().atMost(PATIENCE).until(next::isDone);
        assertThat(next.get().status()).as(next.get().body()).isIn(200, 201);
        assertThat(receiver.blocked())
                .as("the receiver still holds the first delivery")
                .isEqualTo(1);
        assertThat(release.getCount()).isEqualTo(1);
        release.countDown();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(receiver.received())
                        .extracting(
                                received -> received.json().path("externalId").asString())
                        .containsExactlyInAnyOrder("slow-1", "slow-2"));
    }

    private Receiver receiver() throws Exception {
        Receiver receiver = new Receiver();
        receivers.add(receiver);
        return receiver;
    }

    private static void subscribe(Http http, Receiver receiver, String... types) {
        Http.Response created = http.post("/api/webhooks", """
                {"url": "%s", "eventTypes": ["%s"]}""".formatted(receiver.url(), String.join("\", \"", types)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
