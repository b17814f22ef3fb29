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

    HandoffScan(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Cube read(Grouping groupBy, ReportFilter filter) {
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
            Facts facts = Facts.of(handoff);
            if (matches(filter.territory(), facts.territory())
                    && matches(filter.rep(), facts.rep())
                    && matches(filter.productLine(), facts.productLine())
                    && matches(filter.source(), facts.source())) {
                cube.add(groupBy.of(facts), facts);
            }
        }
        return cube;
    }

    private static boolean matches(String wanted, String value) {
        return wanted == null || wanted.equals(value);
    }
}
