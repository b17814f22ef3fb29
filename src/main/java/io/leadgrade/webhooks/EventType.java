package io.leadgrade.webhooks;

import java.util.Arrays;
import java.util.Optional;

/** The events a webhook can subscribe to, by the names sent in {@code LeadGrade-Event-Type}. */
enum EventType {
    LEAD_GRADED("lead.graded", "a stored lead was graded and its grade changed (a new lead's first grade counts)"),
    LEAD_MQL("lead.mql", "a stored lead reached an MQL grade and is due a handoff"),
    LEAD_HANDED_OFF("lead.handed_off", "an MQL was handed off: routed to a territory and, when one is free, a rep"),
    LEAD_OVERDUE("lead.overdue", "a handed-off lead got no disposition within the follow-up SLA"),
    DISPOSITION_RECORDED("lead.disposition_recorded", "sales recorded a disposition for a handed-off lead"),
    FINDING_RAISED(
            "finding.raised",
            "the rule feedback flagged a rule or a grade that it had not flagged at its previous refresh"),
    /** Sent by POST /api/webhooks/{id}/test only; not subscribable. */
    TEST("webhook.test", "a test event sent on request");

    private final String wire;
    private final String description;

    EventType(String wire, String description) {
        this.wire = wire;
        this.description = description;
    }

    String wire() {
        return wire;
    }

    String description() {
        return description;
    }

    boolean subscribable() {
        return this != TEST;
    }

    static Optional<EventType> of(String wire) {
        return Arrays.stream(values())
                .filter(type -> type.subscribable() && type.wire.equals(wire))
                .findFirst();
    }

    static String allowed() {
        return String.join(
                ", ",
                Arrays.stream(values())
                        .filter(EventType::subscribable)
                        .map(EventType::wire)
                        .toList());
    }
}
