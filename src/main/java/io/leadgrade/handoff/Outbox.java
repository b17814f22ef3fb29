package io.leadgrade.handoff;

import com.mongodb.ReadConcern;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Events other systems follow (handed off, reassigned, overdue, disposition recorded, recycled, data repair,
 * duplicate, converted), numbered 1, 2, 3, ... in the {@code outbox} collection. Integrations poll
 * {@code GET /api/events?after=<last seen>}; reading by the next numbers keeps every poll an index lookup.
 */
@Service
public class Outbox {

    private final MongoTemplate mongo;
    private final Clock clock;

    Outbox(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Document("outbox")
    public record Event(
            @Id long seq, String type, String leadId, String externalId, Instant at, Map<String, Object> data) {}

    @Document("counters")
    record Counter(@Id String id, long value) {}

    /** A page of events after a sequence number, and the number to ask after next time. */
    public record Page(List<Event> events, long next) {}

    /** An event to publish: its type, its lead, and what it says. */
    public record Draft(String type, String leadId, String externalId, Map<String, Object> data) {}

    public Event publish(String type, String leadId, String externalId, Map<String, Object> data) {
        return publishAll(List.of(new Draft(type, leadId, externalId, data))).get(0);
    }

    /** Publishes several events in order: their numbers are taken in one write and the events stored in one more. */
    public List<Event> publishAll(List<Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        Counter counter = mongo.findAndModify(
                Query.query(Criteria.where("_id").is("outbox")),
                new Update().inc("value", drafts.size()),
                FindAndModifyOptions.options().upsert(true).returnNew(true),
                Counter.class);
        long first = counter.value() - drafts.size() + 1;
        Instant now = clock.instant();
        List<Event> events = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            Draft draft = drafts.get(i);
            events.add(new Event(first + i, draft.type(), draft.leadId(), draft.externalId(), now, draft.data()));
        }
        return new ArrayList<>(mongo.insertAll(events));
    }

    /**
     * Events after a sequence number, in order and without gaps: a number taken by a publisher still writing holds
     * the page back, so no event is skipped; a number whose publisher failed (nothing written a minute after the
     * next event) is stepped over.
     */
    public Page after(long after, int limit) {
        List<Long> ids = new ArrayList<>(limit);
        for (long seq = after + 1; seq <= after + limit; seq++) {
            ids.add(seq);
        }
        // Majority read concern: only events a majority of the replica set holds are served. With "local", an event
        // written on a primary that then lost an election could be served and rolled back, and its number handed
        // out again by the new primary's counter: a client would have seen event N and skip the real event N.
        List<Event> found = new ArrayList<>();
        for (org.bson.Document document : mongo.getCollection(mongo.getCollectionName(Event.class))
                .withReadConcern(ReadConcern.MAJORITY)
                .find(Filters.in("_id", ids))
                .sort(Sorts.ascending("_id"))) {
            found.add(mongo.getConverter().read(Event.class, document));
        }
        List<Event> events = new ArrayList<>();
        long expected = after + 1;
        Instant settled = clock.instant().minus(GAP_TIMEOUT);
        for (Event event : found) {
            if (event.seq() != expected && event.at().isAfter(settled)) {
                break;
            }
            events.add(event);
            expected = event.seq() + 1;
        }
        long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
        return new Page(events, next);
    }

    private static final Duration GAP_TIMEOUT = Duration.ofMinutes(1);
}
