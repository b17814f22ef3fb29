package io.leadgrade.store;

import de.bwaldvogel.mongo.backend.NumericUtils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code $inc} of dotted paths on one stored document into the {@code $set} of the top-level fields it
 * changes, computed from that document, so that the embedded server applies it without walking the paths.
 *
 * <p>Why: mongo-java-server walks a dotted path by matching two regular expressions with {@code String.matches} at
 * every segment, once to read the value and once to write it, so each segment compiles four patterns. The report
 * rollups' increments are five-segment paths ({@code g.t.France.c.A1}) on 64 documents per handoff change, and in a
 * history import that walk was a third of the embedded server's time (JFR, docs/benchmarks.md). The library has no
 * hook below its update (its {@code calculateUpdateDocument} is private), so the rewrite happens before the update
 * reaches it, under the collection's lock (see {@code DurableH2Backend}).
 *
 * <p>Only the plain case is rewritten, with the library's own arithmetic ({@link NumericUtils#addNumbers}, a missing
 * or null value counting as the integer 0, as its {@code $inc} does): an update of {@code $inc} alone, whose paths
 * have no {@code $}, no empty segment, do not touch {@code _id} and do not overlap, whose deltas are numbers, and
 * whose paths go through documents or missing fields only. Anything else is left to the server as it came, so its
 * errors and its array handling stay its own.
 */
final class IncrementRewrite {

    private IncrementRewrite() {}

    /**
     * The segments of each path of a plain {@code $inc} (in the update's order), or null when the update is anything
     * else: checked before the stored document is looked up, so other updates cost nothing more.
     */
    static List<String[]> plainPaths(Document update) {
        if (update.size() != 1 || !(update.get("$inc") instanceof Document increments) || increments.isEmpty()) {
            return null;
        }
        List<String[]> paths = new ArrayList<>(increments.size());
        for (Map.Entry<String, Object> increment : increments.entrySet()) {
            String[] segments = segments(increment.getKey());
            if (segments == null || !isNumber(increment.getValue())) {
                return null;
            }
            paths.add(segments);
        }
        return overlap(paths) ? null : paths;
    }

    /**
     * The {@code $set} that does what {@code update} does to {@code stored} (null when there is no such document and
     * the update is an upsert), or null when the update is not a plain {@code $inc} that can be rewritten.
     */
    static Document rewrite(Document update, Document stored) {
        List<String[]> paths = plainPaths(update);
        return paths == null ? null : rewrite(update, paths, stored);
    }

    /** {@link #rewrite(Document, Document)} for an update whose {@link #plainPaths} are known. */
    static Document rewrite(Document update, List<String[]> paths, Document stored) {
        Document set = new Document();
        int i = 0;
        for (Object delta : ((Document) update.get("$inc")).values()) {
            if (!apply(set, stored, paths.get(i++), (Number) delta)) {
                return null;
            }
        }
        return new Document("$set", set);
    }

    /** Adds {@code delta} at {@code path} in the new top-level values (copied from {@code stored} when first met). */
    private static boolean apply(Document set, Document stored, String[] path, Number delta) {
        String top = path[0];
        if (path.length == 1) {
            Object value = stored == null ? null : stored.get(top);
            return put(set, top, value, delta);
        }
        Object container = set.get(top);
        if (container == null) {
            Object value = stored == null ? null : stored.get(top);
            if (value == null && stored != null && stored.containsKey(top)) {
                return false; // a null on the way: left to the server
            }
            if (value != null && !(value instanceof Document)) {
                return false; // an array or a scalar on the way
            }
            container = value == null ? new Document() : ((Document) value).cloneDeeply();
            set.put(top, container);
        }
        Document current = (Document) container;
        for (int i = 1; i < path.length - 1; i++) {
            Object next = current.get(path[i]);
            if (next == null) {
                if (current.containsKey(path[i])) {
                    return false;
                }
                next = new Document();
                current.put(path[i], next);
            } else if (!(next instanceof Document)) {
                return false;
            }
            current = (Document) next;
        }
        String leaf = path[path.length - 1];
        return put(current, leaf, current.get(leaf), delta);
    }

    private static boolean put(Document target, String field, Object value, Number delta) {
        if (value != null && !isNumber(value)) {
            return false; // the server's type error, not ours
        }
        Number base = value == null ? Integer.valueOf(0) : (Number) value;
        target.put(field, NumericUtils.addNumbers(base, delta));
        return true;
    }

    private static boolean isNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double;
    }

    /** The path's segments, or null when it is not a plain path of field names. */
    private static String[] segments(String path) {
        if (path.isEmpty() || path.indexOf('$') >= 0) {
            return null;
        }
        String[] segments = path.split("\\.", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return null;
            }
        }
        return segments[0].equals("_id") ? null : segments;
    }

    /** Whether one path is another's prefix (the server refuses such an update as a conflict). */
    private static boolean overlap(List<String[]> paths) {
        java.util.Set<String> whole = new java.util.HashSet<>();
        paths.forEach(path -> whole.add(String.join(".", path)));
        for (String[] path : paths) {
            StringBuilder prefix = new StringBuilder(path[0]);
            for (int i = 1; i < path.length; i++) {
                if (whole.contains(prefix.toString())) {
                    return true;
                }
                prefix.append('.').append(path[i]);
            }
        }
        return false;
    }
}
