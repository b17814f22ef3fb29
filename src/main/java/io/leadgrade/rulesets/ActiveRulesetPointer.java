package io.leadgrade.rulesets;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The one document every instance reads to know which ruleset version is active. */
@Document("ruleset_state")
record ActiveRulesetPointer(@Id String id, String version, Instant activatedAt, String source, String by) {

    static final String ID = "active";

    static ActiveRulesetPointer to(String version, Instant at, String source, String by) {
        return new ActiveRulesetPointer(ID, version, at, source, by);
    }
}
