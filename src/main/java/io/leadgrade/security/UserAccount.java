package io.leadgrade.security;

import java.time.Instant;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A person who signs in to the browser pages; the password is stored as a bcrypt hash. */
@Document("users")
public record UserAccount(
        @Id String username,
        String passwordHash,
        Set<Role> roles,
        boolean enabled,
        Instant createdAt,
        String createdBy) {}
