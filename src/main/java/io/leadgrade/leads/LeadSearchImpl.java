package io.leadgrade.leads;

import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.support.PageableExecutionUtils;

class LeadSearchImpl implements LeadSearch {

    /** The fields a text search looks in. */
    private static final List<String> TEXT_FIELDS = List.of("email", "firstName", "lastName", "company", "externalId");

    private final MongoTemplate mongo;

    LeadSearchImpl(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Page<Lead> search(LeadFilter filter, Pageable pageable) {
        Query query = query(filter);
        Query countQuery = Query.of(query);
        List<Lead> leads = mongo.find(query.with(pageable), Lead.class);
        // Unfiltered, the collection's own count: counting matches reads every lead on the embedded store.
        return PageableExecutionUtils.getPage(
                leads,
                pageable,
                () -> countQuery.getQueryObject().isEmpty()
                        ? mongo.estimatedCount(Lead.class)
                        : mongo.count(countQuery, Lead.class));
    }

    @Override
    public Stream<Lead> stream(LeadFilter filter, int limit) {
        return mongo.stream(query(filter).with(Sort.by("_id")).limit(limit).cursorBatchSize(1000), Lead.class);
    }

    private static Query query(LeadFilter filter) {
        Query query = new Query();
        addIfPresent(query, "grade", filter.grade());
        addIfPresent(query, "tier", filter.tier());
        addIfPresent(query, "mql", filter.mql());
        addIfPresent(query, "territory", filter.territory());
        addIfPresent(query, "productLine", filter.productLine());
        addIfPresent(query, "source", filter.source());
        addIfPresent(query, "repId", filter.repId());
        addIfPresent(query, "disposition", filter.disposition());
        if (filter.from() != null || filter.to() != null) {
            Criteria created = Criteria.where("createdAt");
            if (filter.from() != null) {
                created.gte(filter.from().atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (filter.to() != null) {
                created.lt(filter.to().atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            query.addCriteria(created);
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            Pattern part = Pattern.compile(Pattern.quote(filter.text().strip()), Pattern.CASE_INSENSITIVE);
            query.addCriteria(new Criteria()
                    .orOperator(TEXT_FIELDS.stream()
                            .map(field -> Criteria.where(field).regex(part))
                            .toList()));
        }
        return query;
    }

    private static void addIfPresent(Query query, String field, Object value) {
        if (value != null) {
            query.addCriteria(Criteria.where(field).is(value));
        }
    }
}
