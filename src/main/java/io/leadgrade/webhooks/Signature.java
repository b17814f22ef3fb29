package io.leadgrade.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code LeadGrade-Signature} header, as Stripe signs its webhooks: {@code t=<unix seconds>,v1=<hex>} where the
 * hex is HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes), of {@code "<t>.<body>"}. Signing the
 * timestamp with the body lets receivers refuse replays of old deliveries.
 */
final class Signature {

    private Signature() {}

    static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    static String hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException everyJdkHasIt) {
            throw new IllegalStateException("HmacSHA256 is not available", everyJdkHasIt);
        }
    }
}
