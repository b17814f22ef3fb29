package io.leadgrade.leads;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.util.Assert;

/**
 * Records on the lead what the other modules did with it: handed off, assigned, given a disposition, recycled. The
 * leads module is the only writer of lead documents; handoff and dispositions tell it through these events. Each
 * change is one update that also steps the lead's version, so a writer holding an older copy of the lead reads it
 * again instead of overwriting the change; a batch from an import is one bulk write. These run in the unit of work
 * that published them, so the lead changes in the same commit as the handoff or disposition; a unit that fails is
 * done again as a whole (the handoff through the event publication registry's redelivery of {@link
 * LeadQualified}). A recycle, which grades the lead again, comes through the registry after its disposition is
 * committed.
 */
@Component
class LeadJourney {

    private final MongoTemplate mongo;
    private final LeadService leads;

    LeadJourney(MongoTemplate mongo, LeadService leads) {
        this.mongo = mongo;
        this.leads = leads;
    }

    @EventListener
    void on(LeadHandedOff handedOff) {
        write(List.of(handedOff), List.of());
    }

    @EventListener
    void on(LeadAssigned assigned) {
        mongo.updateFirst(
                ofHandoff(assigned.leadId(), assigned.handoffId()),
                new Update().set("repId", assigned.repId()).inc("version", 1),
                Lead.class);
    }

    @EventListener
    void on(DispositionRecorded recorded) {
        write(List.of(), List.of(recorded));
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(LeadRecycled recycled) {
        leads.recycle(recycled.leadId(), recycled.until());
    }

    @EventListener
    void on(PastHandoffsRecorded past) {
        write(past.handoffs(), List.of());
    }

    @EventListener
    void on(PastDispositionsRecorded past) {
        write(List.of(), past.dispositions());
    }

    /** Handoffs first, then dispositions (a disposition names the handoff the first write recorded). */
    private void write(List<LeadHandedOff> handoffs, List<DispositionRecorded> dispositions) {
        List<org.springframework.data.util.Pair<Query, org.springframework.data.mongodb.core.query.UpdateDefinition>>
                updates = new ArrayList<>();
        for (LeadHandedOff handedOff : handoffs) {
            Assert.notNull(handedOff.handoffId(), "a handoff has an id");
            updates.add(org.springframework.data.util.Pair.of(
                    Query.query(Criteria.where("_id").is(handedOff.leadId())),
                    new Update()
                            .set("status", LeadStatus.HANDED_OFF)
                            .set("handoffId", handedOff.handoffId())
                            .set("territory", handedOff.territory())
                            .set("repId", handedOff.repId())
                            .inc("version", 1)));
        }
        for (DispositionRecorded recorded : dispositions) {
            Update update = new Update()
                    .set("status", LeadStatus.DISPOSITIONED)
                    .set("disposition", recorded.code())
                    .inc("version", 1);
            if (recorded.needsDataRepair()) {
                update.set("needsDataRepair", true);
            }
            if (recorded.duplicateOf() != null) {
                update.set("duplicateOf", recorded.duplicateOf());
            }
            updates.add(
                    org.springframework.data.util.Pair.of(ofHandoff(recorded.leadId(), recorded.handoffId()), update));
        }
        if (updates.size() == 1) {
            mongo.updateFirst(updates.get(0).getFirst(), updates.get(0).getSecond(), Lead.class);
        } else if (!updates.isEmpty()) {
            // Ordered: a disposition's update must find the handoff id its lead's handoff update set.
            mongo.bulkOps(BulkOperations.BulkMode.ORDERED, Lead.class)
                    .updateOne(updates)
                    .execute();
        }
    }

    /** The lead, while the handoff named is its current one (a late event about an earlier cycle changes nothing). */
    private static Query ofHandoff(String leadId, String handoffId) {
        return Query.query(Criteria.where("_id").is(leadId).and("handoffId").is(handoffId));
    }
}
