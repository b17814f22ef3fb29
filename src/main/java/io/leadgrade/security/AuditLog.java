package io.leadgrade.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Records changes that matter with their actor, and lists them for admins. */
@Service
public class AuditLog {

    private final MongoTemplate mongo;
    private final Clock clock;

    AuditLog(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public void record(String action, String target, Map<String, Object> details) {
        mongo.insert(new AuditEntry(
                new ObjectId().toHexString(), clock.instant(), Actors.current(), action, target, details));
    }

    /** Newest first, optionally of one action. */
    public List<AuditEntry> list(String action, int page, int size) {
        Query query = action == null
                ? new Query()
                : Query.query(Criteria.where("action").is(action));
        return mongo.find(
                query.with(PageRequest.of(page, size, Sort.by(Sort.Order.desc("at"), Sort.Order.desc("_id")))),
                AuditEntry.class);
    }
}
