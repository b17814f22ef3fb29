/**
 * Handoff to sales: territories and reps, routing an MQL to a territory by the routing rules, assigning a rep by
 * round robin weighted by capacity, the handoff record, the follow-up SLA, and the outbox of events integrations
 * poll.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Handoff")
package io.leadgrade.handoff;
