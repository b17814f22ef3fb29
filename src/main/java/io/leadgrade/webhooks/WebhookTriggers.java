package io.leadgrade.webhooks;

import io.leadgrade.grading.Grade;
import io.leadgrade.handoff.Handoff;
import io.leadgrade.handoff.HandoffChanged;
import io.leadgrade.leads.DispositionRecorded;
import io.leadgrade.leads.LeadGraded;
import io.leadgrade.leads.LeadQualified;
import io.leadgrade.leads.LeadService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns the modules' events into queued deliveries. Each listener goes through the event publication registry: the
 * event is stored in the unit of work that published it and handed here once that is committed (again after a
 * failure or a crash), and all a listener does is queue one delivery per subscriber, so the request that set it off
 * waits for an insert, never for a receiver. An event no enabled subscription wants is not even stored (the
 * condition is read before the registry records it). These listeners run before the others of the same unit (the
 * handoff's among them), so a lead's events are queued in the order they happened.
 */
@Component
class WebhookTriggers {

    private final Deliveries deliveries;
    private final LeadService leads;

    WebhookTriggers(Deliveries deliveries, LeadService leads) {
        this.deliveries = deliveries;
        this.leads = leads;
    }

    @TransactionalEventListener(fallbackExecution = true, condition = "@webhookInterest.graded(#graded)")
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(LeadGraded graded) {
        Grade grade = graded.grading().primary();
        Map<String, Object> data = grade(grade);
        data.put("previousGrade", graded.previousGrade());
        data.put("rulesetVersion", graded.grading().rulesetVersion());
        data.put("reason", graded.reason().name());
        queue(
                EventType.LEAD_GRADED,
                graded.leadId(),
                graded.externalId(),
                graded.at(),
                data,
                graded.leadId(),
                String.valueOf(graded.at()),
                grade.grade());
    }

    @TransactionalEventListener(fallbackExecution = true, condition = "@webhookInterest.qualified()")
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(LeadQualified qualified) {
        Map<String, Object> data = grade(qualified.grading().primary());
        data.put("cycle", qualified.cycle());
        data.put("rulesetVersion", qualified.grading().rulesetVersion());
        data.put("reason", qualified.reason().name());
        queue(
                EventType.LEAD_MQL,
                qualified.leadId(),
                qualified.externalId(),
                qualified.at(),
                data,
                qualified.leadId(),
                String.valueOf(qualified.cycle()));
    }

    @TransactionalEventListener(fallbackExecution = true, condition = "@webhookInterest.handoff(#changed)")
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(HandoffChanged changed) {
        Handoff handoff = changed.after();
        if (WebhookInterest.newHandoff(changed)) {
            Map<String, Object> data = handoff(handoff);
            data.put("routedBy", handoff.routedBy());
            data.put("grade", handoff.grade());
            data.put("tier", handoff.tier() == null ? null : handoff.tier().name());
            data.put("rulesetVersion", handoff.rulesetVersion());
            queue(EventType.LEAD_HANDED_OFF, handoff.leadId(), handoff.externalId(), handoff.at(), data, handoff.id());
        }
        if (WebhookInterest.newlyOverdue(changed)) {
            queue(
                    EventType.LEAD_OVERDUE,
                    handoff.leadId(),
                    handoff.externalId(),
                    changed.after()
                            .history()
                            .get(changed.after().history().size() - 1)
                            .at(),
                    handoff(handoff),
                    handoff.id());
        }
    }

    @TransactionalEventListener(fallbackExecution = true, condition = "@webhookInterest.disposition()")
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(DispositionRecorded recorded) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("handoffId", recorded.handoffId());
        data.put("code", recorded.code());
        data.put("recycles", recorded.recycles());
        data.put("needsDataRepair", recorded.needsDataRepair());
        data.put("duplicateOf", recorded.duplicateOf());
        queue(
                EventType.DISPOSITION_RECORDED,
                recorded.leadId(),
                externalIdOf(recorded.leadId()),
                recorded.at(),
                data,
                recorded.handoffId(),
                recorded.code(),
                String.valueOf(recorded.at()));
    }

    @TransactionalEventListener(fallbackExecution = true, condition = "@webhookInterest.finding()")
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(io.leadgrade.feedback.FindingRaised raised) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("flagId", raised.id());
        data.put("kind", raised.kind());
        data.put("subject", raised.subject());
        data.put("summary", raised.summary());
        data.put("recommendation", raised.recommendation());
        queue(EventType.FINDING_RAISED, null, null, raised.at(), data, raised.id(), String.valueOf(raised.at()));
    }

    private void queue(
            EventType type,
            String leadId,
            String externalId,
            java.time.Instant at,
            Map<String, Object> data,
            String... identity) {
        deliveries.enqueue(
                type, new WebhookEvent(WebhookEvent.idOf(type, identity), type.wire(), at, leadId, externalId, data));
    }

    private String externalIdOf(String leadId) {
        try {
            return leads.get(leadId).getExternalId();
        } catch (RuntimeException gone) {
            return null; // erased meanwhile: the event still says which lead by our id
        }
    }

    private static Map<String, Object> grade(Grade grade) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("grade", grade.grade());
        data.put("fit", grade.fit());
        data.put("engagement", grade.engagement());
        data.put("fitScore", grade.fitScore());
        data.put("engagementScore", grade.engagementScore());
        data.put("tier", grade.tier() == null ? null : grade.tier().name());
        data.put("mql", grade.mql());
        return data;
    }

    private static Map<String, Object> handoff(Handoff handoff) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("handoffId", handoff.id());
        data.put("territory", handoff.territory());
        data.put("repId", handoff.repId());
        data.put("dueAt", handoff.dueAt());
        return data;
    }
}
