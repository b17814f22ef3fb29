package io.leadgrade.security;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A one-time link to create the first admin user, as stored: only the SHA-256 of its token (256 random bits), when
 * it stops working, and when it was used.
 */
@Document("setup_links")
record SetupLink(@Id String tokenHash, Instant createdAt, Instant expiresAt, Instant usedAt, String usedFor) {}
