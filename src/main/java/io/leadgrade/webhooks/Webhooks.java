package io.leadgrade.webhooks;

import io.leadgrade.security.AuditLog;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The subscriptions: create, change, delete, disable after failures. The enabled ones are kept in memory, refreshed
 * on every change here and by every look of the delivery worker (other instances' changes), so deciding whether an
 * event is wanted costs no store round trip on the path of a request.
 */
@Service
class Webhooks {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_URL = 2000;
    private static final int MAX_DESCRIPTION = 500;

    private final MongoTemplate mongo;
    private final AuditLog audit;
    private final Clock clock;
    /** Null until first needed: read from the store then. */
    private volatile List<Webhook> enabled;

    Webhooks(MongoTemplate mongo, AuditLog audit, Clock clock) {
        this.mongo = mongo;
        this.audit = audit;
        this.clock = clock;
    }

    Webhook.Created create(WebhookRequest request) {
        check(request, true);
        Instant now = clock.instant();
        String secret = request.secret() == null ? newSecret() : request.secret();
        Webhook webhook = mongo.insert(new Webhook(
                new ObjectId().toHexString(),
                request.url(),
                List.copyOf(new LinkedHashSet<>(request.eventTypes())),
                request.description(),
                secret,
                request.enabled() == null || request.enabled(),
                null,
                null,
                now,
                now,
                null));
        audit.record("WEBHOOK_CREATED", webhook.id(), details(webhook));
        refresh();
        return new Webhook.Created(
                webhook.id(),
                webhook.url(),
                webhook.eventTypes(),
                webhook.description(),
                webhook.enabled(),
                webhook.createdAt(),
                secret);
    }

    /** PUT ({@code partial} false: url and eventTypes required) or PATCH (only what the request names). */
    Webhook update(String id, WebhookRequest request, boolean partial) {
        check(request, !partial);
        Webhook current = get(id);
        boolean enable = request.enabled() == null ? current.enabled() : request.enabled();
        boolean reEnabled = enable && !current.enabled();
        Webhook next = mongo.save(new Webhook(
                current.id(),
                request.url() == null ? current.url() : request.url(),
                request.eventTypes() == null
                        ? current.eventTypes()
                        : List.copyOf(new LinkedHashSet<>(request.eventTypes())),
                request.description() == null ? current.description() : request.description(),
                request.secret() == null ? current.secret() : request.secret(),
                enable,
                enable ? null : current.disabledReason(),
                enable ? null : current.disabledAt() == null ? clock.instant() : current.disabledAt(),
                current.createdAt(),
                clock.instant(),
                current.version()));
        audit.record(reEnabled ? "WEBHOOK_ENABLED" : "WEBHOOK_UPDATED", id, details(next));
        refresh();
        return next;
    }

    void delete(String id) {
        get(id);
        mongo.remove(Query.query(Criteria.where("_id").is(id)), Webhook.class);
        audit.record("WEBHOOK_DELETED", id, Map.of());
        refresh();
    }

    Webhook get(String id) {
        Webhook webhook = mongo.findById(id, Webhook.class);
        if (webhook == null) {
            throw Problems.notFound("webhook", id);
        }
        return webhook;
    }

    List<Webhook> list() {
        return mongo.find(new Query().with(Sort.by("createdAt", "_id")), Webhook.class);
    }

    /** Stops deliveries to a subscription whose receiver keeps failing; GET shows the reason. */
    void disable(String id, String reason) {
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id).and("enabled").is(true)),
                new Update()
                        .set("enabled", false)
                        .set("disabledReason", reason)
                        .set("disabledAt", clock.instant())
                        .inc("version", 1),
                Webhook.class);
        audit.record("WEBHOOK_DISABLED", id, Map.of("reason", reason));
        refresh();
    }

    /** Whether any enabled subscription wants this event type: events nobody wants are not even recorded. */
    boolean wants(EventType wanted) {
        return current().stream().anyMatch(webhook -> webhook.subscribes(wanted));
    }

    List<Webhook> subscribedTo(EventType type) {
        return current().stream().filter(webhook -> webhook.subscribes(type)).toList();
    }

    private List<Webhook> current() {
        List<Webhook> known = enabled;
        return known == null ? refresh() : known;
    }

    /**
     * Reads the subscriptions once the application is up, so that a request never reads them itself (the delivery
     * worker reads them again every poll, which is how another instance's changes arrive).
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void readAtStart() {
        try {
            refresh();
        } catch (RuntimeException storeAway) {
            // The first event or poll reads them instead.
        }
    }

    /** Reads the enabled subscriptions again (changes made here or on another instance). */
    List<Webhook> refresh() {
        List<Webhook> read =
                List.copyOf(mongo.find(Query.query(Criteria.where("enabled").is(true)), Webhook.class));
        enabled = read;
        return read;
    }

    private static void check(WebhookRequest request, boolean complete) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.url() == null) {
            if (complete) {
                problems.add(new FieldProblem("url", "is required: the absolute http or https URL to POST to", null));
            }
        } else {
            String wrong = urlProblem(request.url());
            if (wrong != null) {
                problems.add(new FieldProblem("url", wrong, shown(request.url())));
            }
        }
        if (request.eventTypes() == null || request.eventTypes().isEmpty()) {
            if (complete || request.eventTypes() != null) {
                problems.add(new FieldProblem(
                        "eventTypes", "must name at least one event type: " + EventType.allowed(), null));
            }
        } else {
            for (int i = 0; i < request.eventTypes().size(); i++) {
                String type = request.eventTypes().get(i);
                if (type == null || EventType.of(type).isEmpty()) {
                    problems.add(new FieldProblem(
                            "eventTypes[" + i + "]", "must be one of " + EventType.allowed(), shown(type)));
                }
            }
        }
        if (request.secret() != null
                && (request.secret().length() < 16
                        || request.secret().length() > 200
                        || !request.secret().chars().allMatch(c -> c > 32 && c < 127))) {
            problems.add(new FieldProblem(
                    "secret",
                    "must be 16 to 200 visible ASCII characters without spaces (or left out to have one generated)",
                    null));
        }
        if (request.description() != null && request.description().length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters", null));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /** Why a URL cannot receive webhooks, or null when it can. */
    static String urlProblem(String url) {
        if (url.length() > MAX_URL) {
            return "must be at most " + MAX_URL + " characters";
        }
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getScheme() == null) {
                return "must be an absolute URL starting with http:// or https://";
            }
            String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "must use http or https, not " + uri.getScheme();
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return "must name a host, e.g. https://crm.example.com/leadgrade";
            }
            if (uri.getUserInfo() != null) {
                return "must not carry a user name or password (the signature authenticates LeadGrade)";
            }
            if (uri.getFragment() != null) {
                return "must not have a fragment (#...)";
            }
            return null;
        } catch (URISyntaxException notAUrl) {
            return "is not a valid URL: " + notAUrl.getReason();
        }
    }

    private static Object shown(String value) {
        return value == null || value.length() > 100 ? null : value;
    }

    /** "whsec_" and 32 random bytes, URL-safe Base64: what Stripe-style receivers expect a secret to look like. */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, Object> details(Webhook webhook) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", webhook.url());
        details.put("eventTypes", webhook.eventTypes());
        details.put("enabled", webhook.enabled());
        return details;
    }
}
