package io.leadgrade.leads;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.support.PageableExecutionUtils;

class LeadSearchImpl implements LeadSearch {

    private final MongoTemplate mongo;

    LeadSearchImpl(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Page<Lead> search(LeadFilter filter, Pageable pageable) {
        Query query = new Query();
        addIfPresent(query, "grade", filter.grade());
        addIfPresent(query, "tier", filter.tier());
        addIfPresent(query, "mql", filter.mql());
        addIfPresent(query, "territory", filter.territory());
        addIfPresent(query, "productLine", filter.productLine());
        addIfPresent(query, "source", filter.source());
        Query countQuery = Query.of(query);
        List<Lead> leads = mongo.find(query.with(pageable), Lead.class);
        return PageableExecutionUtils.getPage(leads, pageable, () -> mongo.count(countQuery, Lead.class));
    }

    private static void addIfPresent(Query query, String field, Object value) {
        if (value != null) {
            query.addCriteria(Criteria.where(field).is(value));
        }
    }
}
