package io.leadgrade.security;

import io.leadgrade.system.Problems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * API keys for systems: {@code lg_<id>_<secret>}, 256 random bits of secret. Created and revoked by admins (and
 * on the first start of a new store, one admin key); the key is answered once and only its hash is stored.
 */
@Service
public class ApiKeys {

    static final Pattern FORMAT = Pattern.compile("lg_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    /** How long an instance trusts a key it looked up; a revocation reaches other instances within this. */
    static final Duration CACHE = Duration.ofSeconds(10);

    private final MongoTemplate mongo;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKey key, Instant loadedAt) {}

    /** A key just created: the only time {@code key} is shown. */
    public record Created(String id, String name, Set<Role> roles, String key) {}

    ApiKeys(MongoTemplate mongo, AuditLog audit, Clock clock) {
        this.mongo = mongo;
        this.audit = audit;
        this.clock = clock;
    }

    public Created create(String name, Set<Role> roles) {
        byte[] idBytes = new byte[6];
        byte[] secretBytes = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Created created = install(id, secret, name, roles);
        audit.record("API_KEY_CREATED", "key:" + id, Map.of("name", name, "roles", roles.toString()));
        return created;
    }

    /** Stores a key whose text is given (the configured initial admin key); answers it like a created one. */
    Created install(String key, String name, Set<Role> roles) {
        Matcher matcher = FORMAT.matcher(key);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("an API key has the form lg_<12 hex digits>_<43 base64url characters>");
        }
        return install(matcher.group(1), matcher.group(2), name, roles);
    }

    private Created install(String id, String secret, String name, Set<Role> roles) {
        mongo.insert(new ApiKey(
                id, name, EnumSet.copyOf(roles), hash(secret), clock.instant(), Actors.current(), null, null));
        return new Created(id, name, roles, "lg_" + id + "_" + secret);
    }

    public ApiKey revoke(String id) {
        ApiKey key = mongo.findById(id, ApiKey.class);
        if (key == null) {
            throw Problems.notFound("API key", id);
        }
        if (key.active()) {
            key = mongo.save(new ApiKey(
                    key.id(),
                    key.name(),
                    key.roles(),
                    key.secretHash(),
                    key.createdAt(),
                    key.createdBy(),
                    clock.instant(),
                    Actors.current()));
            audit.record("API_KEY_REVOKED", "key:" + id, Map.of("name", key.name()));
        }
        cache.remove(id);
        return key;
    }

    public List<ApiKey> list() {
        return mongo.find(new Query().with(Sort.by("createdAt")), ApiKey.class);
    }

    boolean none() {
        return mongo.count(new Query(), ApiKey.class) == 0;
    }

    /** The active key this text is, or empty (wrong form, unknown, revoked, or a wrong secret). */
    Optional<ApiKey> authenticate(String text) {
        Matcher matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String id = matcher.group(1);
        Instant now = clock.instant();
        Cached cached = cache.get(id);
        if (cached == null
                || cached.loadedAt().plus(CACHE).isBefore(now)
                || cached.loadedAt().isAfter(now)) {
            ApiKey stored = mongo.findById(id, ApiKey.class);
            if (stored == null) {
                return Optional.empty();
            }
            cached = new Cached(stored, now);
            cache.put(id, cached);
        }
        ApiKey key = cached.key();
        boolean matches = MessageDigest.isEqual(
                key.secretHash().getBytes(StandardCharsets.US_ASCII),
                hash(matcher.group(2)).getBytes(StandardCharsets.US_ASCII));
        return matches && key.active() ? Optional.of(key) : Optional.empty();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
