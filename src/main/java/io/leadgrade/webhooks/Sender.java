package io.leadgrade.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Sends one delivery: a signed POST with the JDK's HTTP client, connect and request timeouts from the settings, no
 * redirects followed (a 3xx is a failure: the URL to send to is the subscription's, not the receiver's choice).
 */
@Component
class Sender {

    static final String SIGNATURE = "LeadGrade-Signature";
    static final String EVENT_ID = "LeadGrade-Event-Id";
    static final String EVENT_TYPE = "LeadGrade-Event-Type";

    /** Made at the first delivery: the client's selector thread and TLS set-up cost start-up when no one subscribed. */
    private final SingletonSupplier<HttpClient> client;

    private final WebhookProperties properties;
    private final Clock clock;

    Sender(WebhookProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.client = SingletonSupplier.of(() -> HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** The outcome of one attempt: the HTTP status when an answer came, the error when it was not a 2xx. */
    record Outcome(Integer statusCode, String error) {

        boolean delivered() {
            return error == null;
        }
    }

    Outcome send(String url, String secret, Delivery delivery) {
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "LeadGrade-Webhooks/1")
                .header(SIGNATURE, Signature.header(secret, now, delivery.body()))
                .header(EVENT_ID, delivery.eventId())
                .header(EVENT_TYPE, delivery.eventType())
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
        try {
            int status = client.obtain()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            return new Outcome(status, status >= 200 && status < 300 ? null : "the receiver answered HTTP " + status);
        } catch (HttpConnectTimeoutException slowConnect) {
            return new Outcome(null, "no connection within " + properties.connectTimeout());
        } catch (HttpTimeoutException slowAnswer) {
            return new Outcome(null, "no answer within " + properties.requestTimeout());
        } catch (ConnectException refused) {
            return new Outcome(null, "could not connect: " + describe(refused));
        } catch (IOException failed) {
            return new Outcome(null, "could not send: " + describe(failed));
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted: the application is stopping");
        }
    }

    private static String describe(Exception failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
