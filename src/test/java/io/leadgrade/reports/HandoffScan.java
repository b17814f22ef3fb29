package io.leadgrade.reports;

import io.leadgrade.handoff.Handoff;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The raw aggregation, for tests: the same totals as the rollups, summed from the handoffs themselves with the
 * same {@link Facts}, by a plain find (it reads every selected handoff). RollupPropertyTests checks the rollups
 * against it.
 */
@Component
class HandoffScan {

    private final MongoTemplate mongo;
    private final Rollups rollups;

    HandoffScan(MongoTemplate mongo, Rollups rollups) {
        this.mongo = mongo;
        this.rollups = rollups;
    }

    /** With the groups the rollups keep (normalised free text, bounded; see {@link GroupValues}). */
    Cube read(Grouping groupBy, ReportFilter requested) {
        ReportFilter filter = rollups.grouped(requested);
        Criteria criteria = new Criteria();
        if (filter.from() != null || filter.to() != null) {
            Criteria at = Criteria.where("at");
            if (filter.from() != null) {
                at = at.gte(filter.from());
            }
            if (filter.to() != null) {
                at = at.lt(filter.to());
            }
            criteria = at;
        }
        Query query = Query.query(criteria);
        Rollups.FACT_FIELDS.forEach(query.fields()::include);
        Cube cube = Cube.empty();
        for (Handoff handoff : mongo.find(query, Handoff.class)) {
            Facts facts = rollups.facts(handoff);
            if (matches(filter.territory(), facts.territory())
                    && matches(filter.rep(), facts.rep())
                    && matches(filter.productLine(), facts.productLine())
                    && matches(filter.source(), facts.source())) {
                cube.add(rollups.label(groupBy, groupBy.of(facts)), facts);
            }
        }
        return cube;
    }

    private static boolean matches(String wanted, String value) {
        return wanted == null || wanted.equals(value);
    }
}
