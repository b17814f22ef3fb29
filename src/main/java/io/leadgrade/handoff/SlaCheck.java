package io.leadgrade.handoff;

import io.leadgrade.leads.LeadAssigned;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Watches the follow-up SLA of open handoffs: a queued one gets a rep when one is free, one past the SLA is
 * published as overdue once, and with leadgrade.handoff.reassign-after set one left too long goes to another rep.
 * Handoffs imported from another system's history are not watched. Each step is recorded in the handoff's history.
 */
@Service
public class SlaCheck {

    private static final Logger log = LoggerFactory.getLogger(SlaCheck.class);

    private final MongoTemplate mongo;
    private final RepAssigner assigner;
    private final Outbox outbox;
    private final HandoffProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SlaCheck(
            MongoTemplate mongo,
            RepAssigner assigner,
            Outbox outbox,
            HandoffProperties properties,
            Clock clock,
            ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.assigner = assigner;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    /** What one SLA check did. */
    public record Check(int assigned, int reassigned, int overdue) {}

    @Scheduled(
            fixedDelayString = "${leadgrade.handoff.check-interval:1m}",
            initialDelayString = "${leadgrade.handoff.check-interval:1m}")
    void scheduledCheck() {
        Check check = check();
        if (check.assigned() + check.reassigned() + check.overdue() > 0) {
            log.info(
                    "Handoff check: {} queued leads assigned, {} reassigned, {} newly overdue",
                    check.assigned(),
                    check.reassigned(),
                    check.overdue());
        }
    }

    /** Looks at every open handoff without a disposition that needs something now. */
    public synchronized Check check() {
        Instant now = clock.instant();
        int assigned = 0;
        int reassigned = 0;
        int overdue = 0;
        for (Handoff handoff : needingAction(now)) {
            try {
                if (handoff.repId() == null) {
                    if (!handoff.fallback() && assign(handoff, now, false)) {
                        assigned++;
                    }
                } else if (properties.reassignAfter() != null
                        && !handoff.assignedAt()
                                .plus(properties.reassignAfter())
                                .isAfter(now)
                        && assign(handoff, now, true)) {
                    reassigned++;
                } else if (handoff.overdueAt(now) && !handoff.overdueNoted()) {
                    Handoff noted = mongo.save(handoff.markedOverdue()
                            .withStep(new Handoff.Step(
                                    now, "OVERDUE", handoff.repId(), "no disposition by " + handoff.dueAt())));
                    events.publishEvent(new HandoffChanged(handoff, noted));
                    outbox.publish(
                            "LEAD_OVERDUE", handoff.leadId(), handoff.externalId(), HandoffService.details(handoff));
                    overdue++;
                }
            } catch (OptimisticLockingFailureException changedMeanwhile) {
                // A disposition arrived while we looked: the next check sees the new state.
            }
        }
        return new Check(assigned, reassigned, overdue);
    }

    /**
     * Only the open handoffs that need something now, streamed: all of them could be millions after an import. The
     * queued ones come first, oldest first (their order decides who gets a free rep), then those past a due time.
     */
    private List<Handoff> needingAction(Instant now) {
        Query queued = Query.query(Criteria.where("repId")
                        .is(null)
                        .and("fallback")
                        .is(false)
                        .and("status")
                        .is(HandoffStatus.OPEN)
                        .and("firstDispositionAt")
                        .is(null))
                .with(Sort.by("at", "_id"));
        List<Criteria> due = new ArrayList<>();
        if (properties.reassignAfter() != null) {
            due.add(Criteria.where("assignedAt").lte(now.minus(properties.reassignAfter())));
        }
        due.add(Criteria.where("dueAt").lt(now).and("overdueNoted").is(false));
        Query pastDue = Query.query(Criteria.where("status")
                .is(HandoffStatus.OPEN)
                .and("firstDispositionAt")
                .is(null)
                .orOperator(due));
        // By id: a handoff put back in the queue may also be past a due time; it is looked at once.
        Map<String, Handoff> open = new LinkedHashMap<>();
        for (Query needing : List.of(queued, pastDue)) {
            try (var stream = mongo.stream(needing.cursorBatchSize(200), Handoff.class)) {
                stream.filter(handoff -> !handoff.imported())
                        .forEach(handoff -> open.putIfAbsent(handoff.id(), handoff));
            }
        }
        return List.copyOf(open.values());
    }

    private boolean assign(Handoff handoff, Instant now, boolean reassignment) {
        Set<String> exclude = reassignment ? Set.of(handoff.repId()) : Set.of();
        Optional<String> rep = assigner.assign(handoff.territory(), now, exclude);
        if (rep.isEmpty()) {
            return false;
        }
        Handoff next = handoff.assigned(rep.get(), now, now.plus(properties.sla()), reassignment)
                .withStep(new Handoff.Step(
                        now,
                        reassignment ? "REASSIGNED" : "ASSIGNED",
                        rep.get(),
                        reassignment
                                ? "from " + handoff.repId() + ": no disposition within " + properties.reassignAfter()
                                : "taken from the territory queue"));
        try {
            next = mongo.save(next);
        } catch (OptimisticLockingFailureException e) {
            assigner.release(rep.get(), now);
            throw e;
        }
        events.publishEvent(new HandoffChanged(handoff, next));
        if (reassignment) {
            assigner.closed(handoff.repId());
        }
        events.publishEvent(new LeadAssigned(handoff.leadId(), handoff.id(), rep.get(), now));
        outbox.publish(
                reassignment ? "LEAD_REASSIGNED" : "LEAD_ASSIGNED",
                handoff.leadId(),
                handoff.externalId(),
                HandoffService.details(next));
        return true;
    }
}
