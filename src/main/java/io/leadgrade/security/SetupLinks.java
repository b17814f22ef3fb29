package io.leadgrade.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * One-time links that let a newcomer create the first admin user in the browser instead of with curl and the admin
 * key: printed on the console while the store has no user, valid for {@code leadgrade.security.setup-link-validity},
 * usable once, and only while no user exists.
 */
@Service
class SetupLinks {

    private final MongoTemplate mongo;
    private final Users users;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration validity;
    private final SecureRandom random = new SecureRandom();

    /** Why a token does not open the setup page. */
    enum Refusal {
        UNKNOWN,
        EXPIRED,
        USED,
        USERS_EXIST
    }

    /** A link just made: the token is shown only here. */
    record Created(String token, Instant expiresAt) {}

    SetupLinks(MongoTemplate mongo, Users users, AuditLog audit, Clock clock, SecurityProperties properties) {
        this.mongo = mongo;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.validity = properties.setupLinkValidity();
    }

    Created create() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        mongo.insert(new SetupLink(ApiKeys.hash(token), now, now.plus(validity), null, null));
        return new Created(token, now.plus(validity));
    }

    /** Why this token cannot be used now, or null when it can. */
    Refusal check(String token) {
        if (!users.none()) {
            return Refusal.USERS_EXIST;
        }
        SetupLink link = token == null ? null : mongo.findById(ApiKeys.hash(token), SetupLink.class);
        if (link == null) {
            return Refusal.UNKNOWN;
        }
        if (link.usedAt() != null) {
            return Refusal.USED;
        }
        return clock.instant().isBefore(link.expiresAt()) ? null : Refusal.EXPIRED;
    }

    /**
     * Uses the token to create the first admin user: the token is marked used in one atomic step first, so two
     * submissions of the same link cannot both create a user. Answers why not, or null when the user was created.
     */
    Refusal createFirstAdmin(String token, String username, String password) {
        Refusal refusal = check(token);
        if (refusal != null) {
            return refusal;
        }
        Instant now = clock.instant();
        Query unused = Query.query(Criteria.where("_id")
                .is(ApiKeys.hash(token))
                .and("usedAt")
                .isNull()
                .and("expiresAt")
                .gt(now));
        SetupLink taken = mongo.findAndModify(
                unused,
                new Update().set("usedAt", now).set("usedFor", username),
                FindAndModifyOptions.options().returnNew(true),
                SetupLink.class);
        if (taken == null) {
            Refusal raced = check(token);
            return raced == null ? Refusal.USED : raced;
        }
        try {
            users.create(username, password, EnumSet.of(Role.ADMIN));
        } catch (RuntimeException refused) {
            // A password too short or a name taken: the link stays usable for a second try.
            mongo.updateFirst(
                    Query.query(Criteria.where("_id").is(ApiKeys.hash(token))),
                    new Update().unset("usedAt").unset("usedFor"),
                    SetupLink.class);
            throw refused;
        }
        audit.record("SETUP_LINK_USED", "user:" + username, Map.of());
        return null;
    }
}
