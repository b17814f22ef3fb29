package io.leadgrade.handoff;

import io.leadgrade.leads.DispositionRecorded;
import io.leadgrade.leads.PastDispositionsRecorded;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.core.query.UpdateDefinition;
import org.springframework.data.util.Pair;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Closes handoffs as the dispositions module records their outcomes: the first disposition stops the SLA clock and
 * frees the rep's open slot; a recycling code marks the handoff RECYCLED, any other DISPOSITIONED. A batch from an
 * imported history is read in one query and written in one bulk write.
 */
@Component
class HandoffClosing {

    private static final int ATTEMPTS = 5;

    private final MongoTemplate mongo;
    private final RepAssigner assigner;
    private final ApplicationEventPublisher events;

    HandoffClosing(MongoTemplate mongo, RepAssigner assigner, ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.assigner = assigner;
        this.events = events;
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(DispositionRecorded recorded) {
        for (int attempt = 1; ; attempt++) {
            Handoff before = mongo.findById(recorded.handoffId(), Handoff.class);
            if (before == null) {
                return;
            }
            try {
                Handoff after = mongo.save(closed(before, recorded));
                events.publishEvent(new HandoffChanged(before, after));
                if (before.firstDispositionAt() == null && after.repId() != null && !before.imported()) {
                    assigner.closed(after.repId());
                }
                return;
            } catch (OptimisticLockingFailureException changedMeanwhile) {
                if (attempt == ATTEMPTS) {
                    throw changedMeanwhile; // the SLA check noted it meanwhile: apply to the new state
                }
            }
        }
    }

    @EventListener
    void on(PastDispositionsRecorded past) {
        List<String> ids =
                past.dispositions().stream().map(DispositionRecorded::handoffId).toList();
        java.util.Map<String, Handoff> stored = new java.util.HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(ids)), Handoff.class)
                .forEach(handoff -> stored.put(handoff.id(), handoff));
        List<Pair<Query, UpdateDefinition>> writes = new ArrayList<>();
        List<HandoffChanged> changes = new ArrayList<>();
        for (DispositionRecorded recorded : past.dispositions()) {
            Handoff before = stored.get(recorded.handoffId());
            if (before == null || recorded.code().equals(before.disposition())) {
                continue;
            }
            Handoff after = closed(before, recorded);
            Update update = new Update()
                    .set("status", after.status())
                    .set("disposition", after.disposition())
                    .set("firstDispositionAt", after.firstDispositionAt())
                    .push("history", after.history().get(after.history().size() - 1))
                    .inc("version", 1);
            writes.add(Pair.of(Query.query(Criteria.where("_id").is(before.id())), update));
            changes.add(new HandoffChanged(before, after));
            stored.put(before.id(), after);
        }
        if (writes.isEmpty()) {
            return;
        }
        mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Handoff.class)
                .updateOne(writes)
                .execute();
        changes.forEach(events::publishEvent);
    }

    private static Handoff closed(Handoff handoff, DispositionRecorded recorded) {
        HandoffStatus next = recorded.recycles() ? HandoffStatus.RECYCLED : HandoffStatus.DISPOSITIONED;
        return handoff.dispositioned(recorded.code(), next, recorded.at())
                .withStep(new Handoff.Step(recorded.at(), "DISPOSITION", handoff.repId(), recorded.detail()));
    }
}
