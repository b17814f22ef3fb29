package io.leadgrade.security;

import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One change that matters, in the append-only {@code audit} collection: who, when, what.
 *
 * @param actor the key ("key:&lt;id&gt; (&lt;name&gt;)"), user, or "system" (start-up, the folder watch, schedules)
 * @param action e.g. RULESET_UPLOADED, RULESET_ACTIVATED, REGRADE_STARTED, API_KEY_CREATED, USER_CREATED
 */
@Document("audit")
public record AuditEntry(
        @Id String id, Instant at, String actor, String action, String target, Map<String, Object> details) {}
