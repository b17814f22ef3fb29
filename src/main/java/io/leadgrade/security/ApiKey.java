package io.leadgrade.security;

import java.time.Instant;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An API key as stored: never the key itself, only the SHA-256 of its secret part (keys are 256 random bits, so a
 * fast hash is as safe as a slow one and keeps every request cheap).
 *
 * @param id the key's public part, also in the key: {@code lg_<id>_<secret>}
 */
@Document("api_keys")
public record ApiKey(
        @Id String id,
        String name,
        Set<Role> roles,
        String secretHash,
        Instant createdAt,
        String createdBy,
        Instant revokedAt,
        String revokedBy) {

    boolean active() {
        return revokedAt == null;
    }
}
