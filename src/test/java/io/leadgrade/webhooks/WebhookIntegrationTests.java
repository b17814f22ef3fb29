package io.leadgrade.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadgrade.support.Http;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks end to end: a receiver on loopback gets signed deliveries of the events leads go through, retried after
 * errors and timeouts, in order per lead, until the subscription is disabled; the test event; bad inputs.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "leadgrade.rules.watch.enabled=false",
            "leadgrade.webhooks.poll-interval=100ms",
            "leadgrade.webhooks.connect-timeout=1s",
            "leadgrade.webhooks.request-timeout=1s",
            "leadgrade.webhooks.backoff-base=100ms",
            "leadgrade.webhooks.backoff-factor=2",
            "leadgrade.webhooks.backoff-max=400ms",
            "leadgrade.webhooks.jitter=0",
            "leadgrade.webhooks.max-attempts=4"
        })
@DirtiesContext
class WebhookIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String SECRET = "whsec_test-secret-of-the-receiver";

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationEventPublisher events;

    private final List<Receiver> receivers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

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
    void signsEveryDeliveryWithTheSecretShownOnceAndTheTimestamp() throws Exception {
        Http http = new Http(port);
        Receiver receiver = receiver();
        Http.Response created = http.post("/api/webhooks", """
                {"url": "%s", "eventTypes": ["lead.graded"], "description": "CRM"}""".formatted(receiver.url()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().path("secret").asString();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        String id = created.json().path("id").asString();
        Http.Response read = http.get("/api/webhooks/" + id);
        assertThat(read.body()).doesNotContain(secret);
        assertThat(read.json().path("secretHint").asString()).isEqualTo("..." + secret.substring(secret.length() - 4));

        Http.Response lead = http.post("/api/leads", lead("signed-1"));
        assertThat(lead.status()).as(lead.body()).isIn(200, 201);

        await().atMost(PATIENCE).until(() -> !receiver.received().isEmpty());
        Receiver.Received delivery = receiver.received().get(0);
        assertThat(delivery.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = delivery.signature().substring(2, delivery.signature().indexOf(','));
        String v1 = delivery.signature().substring(delivery.signature().indexOf("v1=") + 3);
        assertThat(hmac(secret, t + "." + delivery.body())).isEqualTo(v1);
        assertThat(hmac(SECRET, t + "." + delivery.body())).as("another secret").isNotEqualTo(v1);
        assertThat(hmac(secret, (Long.parseLong(t) + 1) + "." + delivery.body()))
                .as("the timestamp is signed")
                .isNotEqualTo(v1);

        JsonNode event = delivery.json();
        assertThat(delivery.eventType()).isEqualTo("lead.graded");
        assertThat(event.path("type").asString()).isEqualTo("lead.graded");
        assertThat(event.path("id").asString()).isEqualTo(delivery.eventId()).isNotBlank();
        assertThat(event.path("leadId").asString())
                .isEqualTo(lead.json().path("id").asString());
        assertThat(event.path("externalId").asString()).isEqualTo("signed-1");
        assertThat(event.path("occurredAt").asString()).isNotBlank();
        assertThat(event.path("data").path("grade").asString())
                .isEqualTo(lead.json().path("grade").asString());
        assertThat(event.path("data").path("previousGrade").isNull()).isTrue();
    }

    @Test
    void retriesAfterServerErrorsUntilTheReceiverTakesIt() throws Exception {
        Http http = new Http(port);
        Receiver receiver = receiver().answer(500, 503);
        String id = subscribe(http, receiver, "lead.graded");

        http.post("/api/leads", lead("retry-500"));

        JsonNode delivered = awaitDelivery(http, id, "DELIVERED");
        assertThat(delivered.path("attempts").asInt()).isEqualTo(3);
        assertThat(statuses(delivered)).containsExactly(500, 503, 200);
        assertThat(delivered.path("lastStatusCode").asInt()).isEqualTo(200);
        assertThat(delivered.path("history").get(0).path("error").asString()).contains("HTTP 500");
        assertThat(receiver.received())
                .extracting(Receiver.Received::eventId)
                .containsOnly(delivered.path("eventId").asString())
                .hasSize(3);
        assertThat(receiver.received())
                .extracting(Receiver.Received::body)
                .containsOnly(receiver.received().get(0).body());
    }

    @Test
    void retriesAfterATimeoutUntilTheReceiverAnswers() throws Exception {
        Http http = new Http(port);
        Receiver receiver = receiver().hang(release);
        String id = subscribe(http, receiver, "lead.graded");

        http.post("/api/leads", lead("retry-timeout"));

        JsonNode delivered = awaitDelivery(http, id, "DELIVERED");
        assertThat(delivered.path("attempts").asInt()).isEqualTo(2);
        JsonNode first = delivered.path("history").get(0);
        assertThat(first.path("statusCode").isNull()).as("no answer came").isTrue();
        assertThat(first.path("error").asString()).contains("no answer within");
        assertThat(delivered.path("history").get(1).path("statusCode").asInt()).isEqualTo(200);
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void sendsEachLeadsEventsInOrderHoldingTheNextUntilThePreviousIsDelivered() throws Exception {
        Http http = new Http(port);
        salesTeam(http);
        Receiver receiver = receiver().answer(500, 500);
        subscribe(http, receiver, "lead.graded", "lead.mql", "lead.handed_off");

        Http.Response lead = http.post("/api/leads", lead("ordered-1"));
        assertThat(lead.json().path("mql").asBoolean()).as(lead.body()).isTrue();
        await().atMost(PATIENCE).until(() -> receiver.received().size() >= 5);

        assertThat(receiver.received())
                .extracting(Receiver.Received::eventType)
                .containsExactly("lead.graded", "lead.graded", "lead.graded", "lead.mql", "lead.handed_off");
        JsonNode handedOff = receiver.received().get(4).json();
        assertThat(handedOff.path("externalId").asString()).isEqualTo("ordered-1");
        assertThat(handedOff.path("data").path("territory").asString()).isEqualTo("na");
        assertThat(handedOff.path("data").path("repId").asString()).isEqualTo("ann");
    }

    @Test
    void disablesTheWebhookAfterItsAttemptsAllFailAndResumesWhenEnabledAgain() throws Exception {
        Http http = new Http(port);
        Receiver receiver = receiver().otherwise(500);
        String id = subscribe(http, receiver, "lead.graded");

        http.post("/api/leads", lead("dead-end-1"));

        await().atMost(PATIENCE)
                .until(() ->
                        !http.get("/api/webhooks/" + id).json().path("enabled").asBoolean());
        JsonNode webhook = http.get("/api/webhooks/" + id).json();
        assertThat(webhook.path("disabledReason").asString())
                .contains("failed 4 times")
                .contains("HTTP 500");
        JsonNode failed = http.get("/api/webhooks/" + id + "/deliveries").json().get(0);
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("attempts").asInt()).isEqualTo(4);
        assertThat(failed.path("nextAttemptAt").isNull()).isTrue();
        assertThat(receiver.received()).hasSize(4);

        receiver.otherwise(200);
        Http.Response enabled =
                http.send("PATCH", "/api/webhooks/" + id, "application/json", "{\"enabled\": true}".getBytes());
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().path("disabledReason").isNull()).isTrue();
        http.post("/api/leads", lead("dead-end-2"));
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 5);
        assertThat(receiver.received().get(4).json().path("externalId").asString())
                .isEqualTo("dead-end-2");
    }

    @Test
    void sendsAFindingTheRuleFeedbackRaisedWithWhatToChange() throws Exception {
        Http http = new Http(port);
        Receiver receiver = receiver();
        subscribe(http, receiver, "finding.raised");

        // As FeedbackService publishes it after a refresh, outside any unit of work (a job's thread).
        events.publishEvent(new io.leadgrade.feedback.FindingRaised(
                "OVER_WEIGHTED:Manager title",
                "OVER_WEIGHTED",
                "Manager title",
                "Manager title: 120 of its 1,500 leads converted, 0.52 of what their grades promise",
                "lower its points from +15 to between -3 and +4",
                java.time.Instant.parse("2026-12-01T00:10:00Z")));

        await().atMost(PATIENCE).until(() -> !receiver.received().isEmpty());
        Receiver.Received received = receiver.received().get(0);
        assertThat(received.eventType()).isEqualTo("finding.raised");
        assertThat(received.json().path("leadId").isNull()).isTrue();
        assertThat(received.json().path("data").path("subject").asString()).isEqualTo("Manager title");
        assertThat(received.json().path("data").path("kind").asString()).isEqualTo("OVER_WEIGHTED");
        assertThat(received.json().path("data").path("recommendation").asString())
                .isEqualTo("lower its points from +15 to between -3 and +4");
        String t = received.signature().substring(2, received.signature().indexOf(','));
        assertThat(received.signature()).endsWith("v1=" + hmac(SECRET, t + "." + received.body()));
    }

    @Test
    void sendsATestEventAndAnswersHowItWent() throws Exception {
        Http http = new Http(port);
        Receiver receiver = receiver().answer(200, 500);
        String id = subscribe(http, receiver, "lead.mql");

        Http.Response test = http.post("/api/webhooks/" + id + "/test", "");
        assertThat(test.status()).as(test.body()).isEqualTo(200);
        assertThat(test.json().path("status").asString()).isEqualTo("DELIVERED");
        assertThat(test.json().path("eventType").asString()).isEqualTo("webhook.test");
        Receiver.Received received = receiver.received().get(0);
        assertThat(received.eventType()).isEqualTo("webhook.test");
        assertThat(received.json().path("data").path("webhookId").asString()).isEqualTo(id);
        String t = received.signature().substring(2, received.signature().indexOf(','));
        assertThat(received.signature()).endsWith("v1=" + hmac(SECRET, t + "." + received.body()));

        Http.Response failing = http.post("/api/webhooks/" + id + "/test", "");
        assertThat(failing.json().path("status").asString()).isEqualTo("FAILED");
        assertThat(failing.json().path("lastStatusCode").asInt()).isEqualTo(500);
        assertThat(http.get("/api/webhooks/" + id + "/deliveries").json())
                .extracting(delivery -> delivery.path("status").asString())
                .containsExactly("FAILED", "DELIVERED");
        assertThat(http.get("/api/webhooks/" + id).json().path("enabled").asBoolean())
                .as("a failed test does not disable")
                .isTrue();
    }

    @Test
    void answersProblemDetailsNamingEachWrongField() {
        Http http = new Http(port);
        Http.Response wrong = http.post("/api/webhooks", """
                {"url": "ftp://crm.example.com/in", "eventTypes": ["lead.graded", "lead.nope"], "secret": "short"}""");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(fields(wrong)).containsExactlyInAnyOrder("url", "eventTypes[1]", "secret");
        assertThat(wrong.body()).contains("lead.handed_off").doesNotContain("Exception");

        assertThat(fields(http.post("/api/webhooks", "{}"))).containsExactlyInAnyOrder("url", "eventTypes");
        assertThat(fields(http.post("/api/webhooks", """
                {"url": "/relative/path", "eventTypes": []}"""))).containsExactlyInAnyOrder("url", "eventTypes");
        assertThat(fields(http.post("/api/webhooks", """
                {"url": "https://", "eventTypes": ["webhook.test"]}"""))).containsExactlyInAnyOrder("url", "eventTypes[0]");
        assertThat(http.post("/api/webhooks", """
                {"url": "https://crm.example.com/in", "eventTypes": ["lead.mql"], "colour": "red"}""").status()).isEqualTo(400);

        Http.Response missing = http.get("/api/webhooks/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");

        String id = http.post("/api/webhooks", """
                        {"url": "https://crm.example.com/in", "eventTypes": ["lead.mql"]}""").json().path("id").asString();
        assertThat(fields(http.put("/api/webhooks/" + id, "{\"enabled\": false}")))
                .containsExactlyInAnyOrder("url", "eventTypes");
        assertThat(fields(http.send(
                        "PATCH", "/api/webhooks/" + id, "application/json", "{\"url\": \"mailto:a@b.c\"}".getBytes())))
                .containsExactly("url");
        assertThat(fields(http.get("/api/webhooks/" + id + "/deliveries?limit=0")))
                .containsExactly("limit");
        assertThat(fields(http.get("/api/webhooks/" + id + "/deliveries?status=LOST")))
                .containsExactly("status");
        assertThat(http.get("/api/webhooks/" + id).json().path("url").asString())
                .as("nothing changed")
                .isEqualTo("https://crm.example.com/in");
    }

    @Test
    void listsTheEventTypesAWebhookCanSubscribeTo() {
        JsonNode types = new Http(port).get("/api/webhooks/event-types").json();
        List<String> names = new ArrayList<>();
        types.forEach(type -> names.add(type.path("type").asString()));
        assertThat(names)
                .containsExactly(
                        "lead.graded",
                        "lead.mql",
                        "lead.handed_off",
                        "lead.overdue",
                        "lead.disposition_recorded",
                        "finding.raised");
        types.forEach(type -> assertThat(type.path("description").asString()).isNotBlank());
    }

    private Receiver receiver() throws Exception {
        Receiver receiver = new Receiver();
        receivers.add(receiver);
        return receiver;
    }

    private static String subscribe(Http http, Receiver receiver, String... types) {
        Http.Response created =
                http.post("/api/webhooks", """
                {"url": "%s", "eventTypes": ["%s"], "secret": "%s"}""".formatted(receiver.url(), String.join("\", \"", types), SECRET));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static JsonNode awaitDelivery(Http http, String webhookId, String status) {
        await().atMost(PATIENCE).until(() -> {
            JsonNode log =
                    http.get("/api/webhooks/" + webhookId + "/deliveries").json();
            return log.size() > 0 && log.get(0).path("status").asString().equals(status);
        });
        return http.get("/api/webhooks/" + webhookId + "/deliveries").json().get(0);
    }

    private static List<Integer> statuses(JsonNode delivery) {
        List<Integer> statuses = new ArrayList<>();
        delivery.path("history")
                .forEach(attempt -> statuses.add(attempt.path("statusCode").asInt()));
        return statuses;
    }

    private static List<String> fields(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.json()
                .path("errors")
                .forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }

    private static void salesTeam(Http http) {
        http.post("/api/territories", "{\"id\": \"na\", \"name\": \"North America\", \"countries\": [\"US\"]}");
        http.post(
                "/api/reps",
                "{\"id\": \"ann\", \"name\": \"Ann Lee\", \"territories\": [\"na\"], \"dailyCapacity\": 20}");
    }

    static String lead(String externalId) {
        return """
                {"externalId": "%s", "title": "CMO", "companySize": 1200, "country": "US",
                 "email": "cmo@%s.example", "engagementCounts": {"pricingPageVisits": 1, "formSubmissions": 1}}""".formatted(externalId, externalId);
    }

    static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
