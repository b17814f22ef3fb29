package io.leadgrade.leads;

import com.mongodb.MongoCommandException;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Drops the indexes earlier versions declared and this one replaced, from stores that have them: each costs an index
 * write on every save and serves nothing now, and the unique {@code {_id, version}} one on leads would keep the
 * collection from being sharded (issue 21). Stores that never had them are left as they are.
 */
@Component
class SupersededIndexes {

    private static final int INDEX_NOT_FOUND = 27;

    private static final Logger log = LoggerFactory.getLogger(SupersededIndexes.class);

    /** Collection to index names: each replaced by an index declared on the collection's document class. */
    private static final Map<String, List<String>> SUPERSEDED = Map.of(
            // {_id, version}, unique, for the embedded store's version-checked updates: it now reads the _id alone
            // (store.DurableH2Backend); grade and email: by grade_id and by emailKey.
            "leads", List.of("id_version", "grade", "email"),
            // {leadId, at: -1}: by lead_newest {leadId, at: -1, _id: -1}, which also orders the ties.
            "activities", List.of("lead_time"));

    private final MongoTemplate mongo;

    SupersededIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventListener(ApplicationReadyEvent.class)
    void drop() {
        SUPERSEDED.forEach((collection, names) -> {
            if (!mongo.collectionExists(collection)) {
                return;
            }
            for (Document index : mongo.getCollection(collection).listIndexes()) {
                String name = index.getString("name");
                if (names.contains(name)) {
                    dropIfStillThere(collection, name);
                }
            }
        });
    }

    private void dropIfStillThere(String collection, String name) {
        try {
            mongo.getCollection(collection).dropIndex(name);
            log.info("Dropped the index {} of {}: replaced in this version", name, collection);
        } catch (MongoCommandException e) {
            // Another instance starting at the same time dropped it first.
            if (e.getErrorCode() != INDEX_NOT_FOUND) {
                throw e;
            }
        }
    }
}
