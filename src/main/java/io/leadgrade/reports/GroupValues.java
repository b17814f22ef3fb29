package io.leadgrade.reports;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The values a report groups by, and the bound on how many there are. Source and product line are free text: they
 * are grouped by a key (trimmed, inner whitespace collapsed, case-folded), so "Google", " google " and "GOOGLE"
 * are one group, shown with the first spelling the reports saw (the lead keeps what was sent). Every dimension
 * admits at most {@code leadgrade.reports.max-groups-per-dimension} values; later ones go to the {@value #OTHER}
 * group, so no rollup document grows without bound (docs/scaling.md computes the worst case).
 *
 * <p>Admitted values are documents of {@value #COLLECTION} ({@code <dimension>|<key>} with its label) counted by
 * {@code <dimension>#count}: admission takes a slot only while the count is below the limit, on any instance. A value
 * once admitted stays admitted, and a full dimension stays full, so a handoff's group never changes: the increments
 * of its old and new state, and a rebuild, all see the same groups.
 */
@Component
class GroupValues {

    static final String COLLECTION = "report_groups";
    static final String OTHER = "(other)";
    static final String NONE = "(none)";
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final int CACHED = 10_000;

    private final MongoTemplate mongo;
    private final int limit;
    /** "d|key" to the group it goes to (the key itself or OTHER) and its label; bounded, recently used first. */
    private final Map<String, String[]> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
            return size() > CACHED;
        }
    });

    /**
     * The default bound: a month's document of one dimension then stays below 7 MB even with every cell in every
     * group (RollupDocumentSizeTests measures it; 500 would allow 13 MB, too close to MongoDB's 16 MB).
     */
    static final int DEFAULT_LIMIT = 250;

    GroupValues(
            MongoTemplate mongo,
            @Value("${leadgrade.reports.max-groups-per-dimension:" + DEFAULT_LIMIT + "}") int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "leadgrade.reports.max-groups-per-dimension must be 1 or more, not " + limit);
        }
        this.mongo = mongo;
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Characters of a free-text value the reports keep (the API takes 100; an import may send more). */
    static final int MAX_LENGTH = 100;

    /**
     * A free-text value as the reports show it: trimmed, inner whitespace one space, at most {@value #MAX_LENGTH}
     * characters; blank is {@value #NONE}.
     */
    static String spelling(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String spelling = SPACES.matcher(value.strip()).replaceAll(" ");
        return spelling.length() <= MAX_LENGTH ? spelling : spelling.substring(0, MAX_LENGTH);
    }

    /** The key a value is grouped by: source and product line case-folded, territory and rep ids as they are. */
    static String key(char dimension, String value) {
        return freeText(dimension) ? spelling(value).toLowerCase(Locale.ROOT) : value;
    }

    private static boolean freeText(char dimension) {
        return dimension == 'p' || dimension == 's';
    }

    /** The group of a value, admitting it when the dimension has room. */
    String group(char dimension, String value) {
        return lookUp(dimension, value, true)[0];
    }

    /** The group a report filter on this value reads: its own when admitted, else {@value #OTHER} once full. */
    String filterGroup(char dimension, String value) {
        return lookUp(dimension, value, false)[0];
    }

    /** What a group is shown as: the first spelling seen of an admitted free-text value. */
    String label(char dimension, String group) {
        if (!freeText(dimension) || group.equals(OTHER) || group.equals(NONE)) {
            return group;
        }
        return lookUp(dimension, group, false)[1];
    }

    private String[] lookUp(char dimension, String value, boolean admit) {
        String key = key(dimension, value);
        String id = dimension + "|" + key;
        String[] known = cache.get(id);
        if (known != null) {
            return known;
        }
        Document stored = collection().find(Filters.eq("_id", id)).first();
        String[] found;
        if (stored != null) {
            found = new String[] {key, stored.getString("label")};
        } else if (full(dimension)) {
            found = new String[] {OTHER, OTHER};
        } else if (!admit) {
            return new String[] {key, freeText(dimension) ? spelling(value) : key}; // not seen yet: not cached
        } else {
            found = admit(dimension, id, key, freeText(dimension) ? spelling(value) : key);
        }
        cache.put(id, found);
        return found;
    }

    private boolean full(char dimension) {
        Document count =
                collection().find(Filters.eq("_id", dimension + "#count")).first();
        return count != null && ((Number) count.get("n")).intValue() >= limit;
    }

    /** Takes a slot (the count only grows below the limit) and records the value with its first spelling. */
    private String[] admit(char dimension, String id, String key, String label) {
        try {
            collection()
                    .findOneAndUpdate(
                            Filters.and(Filters.eq("_id", dimension + "#count"), Filters.lt("n", limit)),
                            Updates.inc("n", 1),
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        } catch (com.mongodb.MongoCommandException | com.mongodb.MongoWriteException full) {
            if (!duplicateKey(full)) {
                throw full;
            }
            return new String[] {OTHER, OTHER}; // the count is at the limit: the upsert met the existing document
        }
        try {
            collection().insertOne(new Document("_id", id).append("label", label));
            return new String[] {key, label};
        } catch (com.mongodb.MongoWriteException taken) {
            if (!duplicateKey(taken)) {
                throw taken;
            }
            // Another instance admitted the same value at the same moment: its spelling stands (a slot is spent).
            Document stored = collection().find(Filters.eq("_id", id)).first();
            return new String[] {key, stored == null ? label : stored.getString("label")};
        }
    }

    private static boolean duplicateKey(com.mongodb.MongoException e) {
        return e.getCode() == 11000
                || (e instanceof com.mongodb.MongoWriteException write
                        && write.getError().getCode() == 11000);
    }

    /** Forgets what this instance cached (after the collection was cleared behind its back, in tests). */
    void forget() {
        cache.clear();
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
