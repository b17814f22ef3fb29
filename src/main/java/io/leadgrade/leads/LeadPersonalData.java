package io.leadgrade.leads;

import io.leadgrade.system.PersonalData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Personal data in leads, activities and gradings. Erasure removes who the lead is (email, names, title, company,
 * free-form attributes, the sender's external id, activity properties such as page URLs) and keeps what reports
 * count: company size, industry, country, product line, source, grades, tiers, outcomes, activity types and times.
 */
@Component
class LeadPersonalData implements PersonalData {

    private static final List<String> PROFILE = List.of("email", "firstName", "lastName", "title", "company");

    private final MongoTemplate mongo;

    LeadPersonalData(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Map<String, List<?>> export(List<String> leadIds) {
        Map<String, List<?>> data = new LinkedHashMap<>();
        data.put("leads", mongo.find(Query.query(Criteria.where("_id").in(leadIds)), Lead.class));
        data.put("activities", mongo.find(Query.query(Criteria.where("leadId").in(leadIds)), Activity.class));
        data.put("gradings", mongo.find(Query.query(Criteria.where("leadId").in(leadIds)), GradingRecord.class));
        return data;
    }

    @Override
    public long erase(List<String> leadIds) {
        long changed = 0;
        for (String leadId : leadIds) {
            Update lead = new Update()
                    .set("attributes", Map.of())
                    .set("externalId", LeadService.erasedId(leadId))
                    .set("erased", true)
                    // the words it was found by and its email's lookup key are personal data too
                    .set("searchKey", List.of())
                    .unset("emailKey");
            PROFILE.forEach(lead::unset);
            changed += mongo.updateFirst(Query.query(Criteria.where("_id").is(leadId)), lead, Lead.class)
                    .getModifiedCount();
        }
        changed += mongo.updateMulti(
                        Query.query(Criteria.where("leadId").in(leadIds)),
                        new Update().set("properties", Map.of()),
                        Activity.class)
                .getModifiedCount();
        Update gradings = new Update().set("input.attributes", Map.of());
        PROFILE.forEach(field -> gradings.unset("input." + field));
        gradings.unset("externalId");
        changed += mongo.updateMulti(Query.query(Criteria.where("leadId").in(leadIds)), gradings, GradingRecord.class)
                .getModifiedCount();
        return changed;
    }
}
