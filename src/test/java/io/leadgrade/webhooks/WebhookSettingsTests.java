package io.leadgrade.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry schedule and signature that docs/integrations.md documents, and the URLs a webhook accepts. */
class WebhookSettingsTests {

    private final WebhookProperties defaults =
            new WebhookProperties(null, null, null, null, null, null, null, null, null, null, null);

    @Test
    void theDefaultRetriesWaitLongerEachTimeUpToSixHoursAndSpanAboutNineteenHours() {
        List<Duration> waits = new ArrayList<>();
        for (int failed = 1; failed < defaults.maxAttempts(); failed++) {
            waits.add(defaults.backoff(failed));
        }
        assertThat(waits)
                .containsExactly(
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(150),
                        Duration.ofMillis(375_000),
                        Duration.ofMillis(937_500),
                        Duration.ofMillis(2_343_750),
                        Duration.ofMillis(5_859_375),
                        Duration.ofMillis(14_648_437),
                        Duration.ofHours(6),
                        Duration.ofHours(6));
        Duration span = waits.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(span)
                .isBetween(
                        Duration.ofHours(18).plusMinutes(45),
                        Duration.ofHours(18).plusMinutes(47));
        assertThat(defaults.jitter()).isEqualTo(0.2);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new WebhookProperties(null, null, 0, null, null, null, null, null, null, null, null))
                .hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> new WebhookProperties(null, null, null, null, 0.5, null, null, null, null, null, null))
                .hasMessageContaining("backoff-factor");
    }

    @Test
    void signsTheTimestampAndBodyAsPythonsHmacDoes() {
        // python3: hmac.new(b"whsec_test-secret-of-the-receiver", b"1764643200." + body, hashlib.sha256).hexdigest()
        String body = "{\"id\":\"e1\",\"type\":\"lead.mql\"}";
        assertThat(Signature.header("whsec_test-secret-of-the-receiver", 1764643200L, body))
                .isEqualTo("t=1764643200,v1=e0127e87535ead12110b4c5198c45c65e4e4b2359f6bb75ac6d2445f60cd1f18");
    }

    @Test
    void acceptsAbsoluteHttpAndHttpsUrlsWithAHostOnly() {
        assertThat(Webhooks.urlProblem("https://crm.example.com/hooks/leadgrade?src=lg"))
                .isNull();
        assertThat(Webhooks.urlProblem("http://127.0.0.1:9000/hook")).isNull();
        assertThat(Webhooks.urlProblem("ftp://crm.example.com/in")).contains("http or https");
        assertThat(Webhooks.urlProblem("/hooks")).contains("absolute");
        assertThat(Webhooks.urlProblem("https:///hooks")).contains("host");
        assertThat(Webhooks.urlProblem("https://user:pw@crm.example.com/")).contains("user name");
        assertThat(Webhooks.urlProblem("https://crm.example.com/#top")).contains("fragment");
        assertThat(Webhooks.urlProblem("https://crm example.com/")).contains("not a valid URL");
    }
}
