package io.leadgrade.leads;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Which leads the decay run must look at on which day. Each day has {@value #SHARDS} documents
 * ({@code "<day>:<shard>"}) holding lead ids, read by id: a run reads the days that came due, never the leads
 * collection, and the embedded store answers id lookups from its index where it would scan for a range query on
 * a date field. An entry is a hint: the run checks the lead's own {@code reviewAt} before it re-grades.
 */
@Component
class ReviewSchedule {

    static final int SHARDS = 16;
    private static final String STATE_ID = "decay";

    private final MongoTemplate mongo;

    ReviewSchedule(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("review_schedule")
    record Bucket(@Id String id, List<String> leadIds) {}

    @Document("review_state")
    record State(@Id String id, long nextDay) {}

    /** Notes that a lead needs a look on the day of {@code at}. */
    void add(String leadId, Instant at) {
        mongo.upsert(
                Query.query(Criteria.where("_id").is(bucketId(dayOf(at), leadId))),
                new Update().addToSet("leadIds", leadId),
                Bucket.class);
    }

    /** Notes many leads at once: one write per bucket they fall in. */
    void addAll(java.util.Map<String, Instant> leads) {
        java.util.Map<String, List<String>> buckets = new java.util.HashMap<>();
        leads.forEach(
                (leadId, at) -> buckets.computeIfAbsent(bucketId(dayOf(at), leadId), id -> new java.util.ArrayList<>())
                        .add(leadId));
        buckets.forEach((bucket, ids) -> mongo.upsert(
                Query.query(Criteria.where("_id").is(bucket)),
                new Update().addToSet("leadIds").each(ids.toArray()),
                Bucket.class));
    }

    /** The first day not yet looked at, or null before the first run. */
    Long nextDay() {
        State state = mongo.findById(STATE_ID, State.class);
        return state == null ? null : state.nextDay();
    }

    /** Lead ids noted for one day, each once. */
    List<String> leadsOn(long day) {
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            ids.add(day + ":" + shard);
        }
        Set<String> leads = new LinkedHashSet<>();
        mongo.find(Query.query(Criteria.where("_id").in(ids)), Bucket.class)
                .forEach(bucket -> leads.addAll(bucket.leadIds()));
        return new ArrayList<>(leads);
    }

    /** Marks a day as done: its entries go, and the next run starts after it. */
    void done(long day) {
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            ids.add(day + ":" + shard);
        }
        mongo.remove(Query.query(Criteria.where("_id").in(ids)), Bucket.class);
        mongo.save(new State(STATE_ID, day + 1));
    }

    static long dayOf(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    }

    static Instant startOf(long day) {
        return LocalDate.ofEpochDay(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String bucketId(long day, String leadId) {
        return day + ":" + Math.floorMod(leadId.hashCode(), SHARDS);
    }
}
