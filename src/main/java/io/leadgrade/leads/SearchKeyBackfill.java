package io.leadgrade.leads;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Gives the leads stored before there were search keys their {@code searchKey} and {@code emailKey}, once per store,
 * at start-up: in bulk (one update per thousand leads), idempotent (only leads without a key are read, so a start
 * interrupted half-way carries on where it stopped), and then marked done in {@code lead_migrations}, so later starts
 * do not look for leads without keys again. Every lead written since has its keys from {@link Lead}'s own writes.
 */
@Component
class SearchKeyBackfill {

    static final String MARKERS = "lead_migrations";
    static final String DONE = "search-keys-1";

    private static final Logger log = LoggerFactory.getLogger(SearchKeyBackfill.class);
    private static final int CHUNK = 1_000;

    private final MongoTemplate mongo;

    SearchKeyBackfill(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventListener(ApplicationReadyEvent.class)
    void backfillOnce() {
        if (mongo.getCollection(MARKERS).find(new Document("_id", DONE)).first() != null) {
            return;
        }
        long done = backfill();
        if (done > 0) {
            log.info("Search keys given to {} leads stored before there were search keys", done);
        }
        mongo.getCollection(MARKERS)
                .replaceOne(
                        new Document("_id", DONE),
                        new Document("_id", DONE).append("leads", done),
                        new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    /** Gives every lead without a search key its keys; answers how many. */
    long backfill() {
        Query missing = Query.query(Criteria.where("searchKey").exists(false)).cursorBatchSize(CHUNK);
        missing.fields().include("externalId", "email", "firstName", "lastName", "company", "title");
        long done = 0;
        List<Document> chunk = new ArrayList<>(CHUNK);
        try (var leads = mongo.stream(missing, Document.class, "leads")) {
            for (var it = leads.iterator(); it.hasNext(); ) {
                chunk.add(it.next());
                if (chunk.size() == CHUNK) {
                    done += write(chunk);
                }
            }
        }
        return done + write(chunk);
    }

    private int write(List<Document> chunk) {
        if (chunk.isEmpty()) {
            return 0;
        }
        BulkOperations updates = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, "leads");
        for (Document lead : chunk) {
            updates.updateOne(
                    Query.query(Criteria.where("_id").is(lead.get("_id"))),
                    new Update()
                            .set(
                                    "searchKey",
                                    SearchKeys.ofLead(
                                            lead.getString("firstName"),
                                            lead.getString("lastName"),
                                            lead.getString("email"),
                                            lead.getString("company"),
                                            lead.getString("title"),
                                            lead.getString("externalId")))
                            .set("emailKey", SearchKeys.email(lead.getString("email"))));
        }
        int written = chunk.size();
        updates.execute();
        chunk.clear();
        return written;
    }
}
