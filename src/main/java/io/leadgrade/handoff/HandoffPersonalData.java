package io.leadgrade.handoff;

import io.leadgrade.system.PersonalData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Handoffs and outbox events name the lead by its external id; erasure removes it and keeps the rest. */
@Component
class HandoffPersonalData implements PersonalData {

    private final MongoTemplate mongo;

    HandoffPersonalData(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Map<String, List<?>> export(List<String> leadIds) {
        Map<String, List<?>> data = new LinkedHashMap<>();
        data.put("handoffs", mongo.find(Query.query(Criteria.where("leadId").in(leadIds)), Handoff.class));
        data.put("events", mongo.find(Query.query(Criteria.where("leadId").in(leadIds)), Outbox.Event.class));
        return data;
    }

    @Override
    public long erase(List<String> leadIds) {
        Query ofLeads = Query.query(Criteria.where("leadId").in(leadIds));
        // A disposition step carries the rep's note ("SQO: <note>"): keep the code only.
        for (Handoff handoff : mongo.find(ofLeads, Handoff.class)) {
            List<Handoff.Step> steps = handoff.history().stream()
                    .map(HandoffPersonalData::withoutNote)
                    .toList();
            mongo.updateFirst(
                    Query.query(Criteria.where("_id").is(handoff.id())),
                    new Update().set("history", steps),
                    Handoff.class);
        }
        // The input kept for backtests loses the person, as the grading history's input does.
        Update handoffs = new Update().unset("externalId").set("input.attributes", Map.of());
        List.of("email", "firstName", "lastName", "title", "company")
                .forEach(field -> handoffs.unset("input." + field));
        return mongo.updateMulti(ofLeads, handoffs, Handoff.class).getModifiedCount()
                + mongo.updateMulti(ofLeads, new Update().unset("externalId").unset("data.note"), Outbox.Event.class)
                        .getModifiedCount();
    }

    private static Handoff.Step withoutNote(Handoff.Step step) {
        if (!step.type().equals("DISPOSITION")
                || step.detail() == null
                || !step.detail().contains(":")) {
            return step;
        }
        return new Handoff.Step(
                step.at(),
                step.type(),
                step.repId(),
                step.detail().substring(0, step.detail().indexOf(':')));
    }
}
