package io.leadgrade.dispositions;

import io.leadgrade.system.PersonalData;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** A rep's notes may name the person: erasure removes notes and the external id, keeps codes and amounts. */
@Component
class DispositionPersonalData implements PersonalData {

    private final MongoTemplate mongo;

    DispositionPersonalData(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Map<String, List<?>> export(List<String> leadIds) {
        return Map.of(
                "dispositions", mongo.find(Query.query(Criteria.where("leadId").in(leadIds)), Disposition.class));
    }

    @Override
    public long erase(List<String> leadIds) {
        return mongo.updateMulti(
                        Query.query(Criteria.where("leadId").in(leadIds)),
                        new Update().unset("note").unset("externalId"),
                        Disposition.class)
                .getModifiedCount();
    }
}
