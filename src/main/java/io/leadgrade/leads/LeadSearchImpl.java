package io.leadgrade.leads;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

class LeadSearchImpl implements LeadSearch {

    private final MongoTemplate mongo;

    LeadSearchImpl(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public LeadPage search(LeadFilter filter, int page, int size) {
        Optional<Query> query = query(filter);
        if (query.isEmpty()) {
            return new LeadPage(List.of(), page, size, false, null);
        }
        // One more than the page: whether another page follows, without counting every match.
        Query ordered =
                query.get().with(Sort.by("_id")).skip((long) page * size).limit(size + 1);
        List<Lead> leads = new ArrayList<>(mongo.find(ordered, Lead.class));
        boolean hasNext = leads.size() > size;
        if (hasNext) {
            leads.remove(size);
        }
        Long total = query.get().getQueryObject().isEmpty() ? mongo.estimatedCount(Lead.class) : null;
        return new LeadPage(leads, page, size, hasNext, total);
    }

    @Override
    public Stream<Lead> stream(LeadFilter filter, int limit) {
        return query(filter)
                .map(query ->
                        mongo.stream(query.with(Sort.by("_id")).limit(limit).cursorBatchSize(1000), Lead.class))
                .orElseGet(Stream::empty);
    }

    /** The filter as a query; empty when no lead can match (a text without a letter or digit). */
    private static Optional<Query> query(LeadFilter filter) {
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
            List<String> words = SearchKeys.words(filter.text());
            if (words.isEmpty()) {
                return Optional.empty();
            }
            // Each word begins a word of the lead: an anchored, case-sensitive prefix on the lower-case search key,
            // which MongoDB turns into a range of the multikey index (the words hold only letters and digits, so
            // nothing in them needs quoting).
            query.addCriteria(new Criteria()
                    .andOperator(words.stream()
                            .map(word -> Criteria.where("searchKey").regex("^" + word))
                            .toList()));
        }
        return Optional.of(query);
    }

    private static void addIfPresent(Query query, String field, Object value) {
        if (value != null) {
            query.addCriteria(Criteria.where(field).is(value));
        }
    }
}
