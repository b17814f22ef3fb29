package io.leadgrade.support.queries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * What an index sees of one query: the collection, the command, each filtered field with the kind of condition on it
 * (an equality, a range or anchored prefix, or something no index bounds), the branches of a top-level {@code $or},
 * and the sort. Values are left out, so every query of one shape is one entry.
 *
 * @param collection the collection queried
 * @param command find, update, delete, count, distinct, aggregate or findAndModify
 * @param filter field to condition kind, fields in name order
 * @param alternatives the branches of a top-level {@code $or} (each a filter of its own), empty without one
 * @param sort the sort fields in order, each with 1 or -1
 */
public record QueryShape(
        String collection,
        String command,
        Map<String, Kind> filter,
        List<Map<String, Kind>> alternatives,
        List<SortKey> sort) {

    /** The kind of condition a filter puts on a field. */
    public enum Kind {
        /** a value, {@code $eq} or {@code $in}: an index bounds it to points */
        EQ,
        /** {@code $gt/$gte/$lt/$lte} or a case-sensitive regex anchored with {@code ^}: an index bounds it to a range */
        RANGE,
        /** anything else ({@code $ne}, {@code $exists}, an unanchored or case-insensitive regex, {@code $expr}...) */
        OTHER
    }

    /** One field of a sort. */
    public record SortKey(String field, int direction) {}

    public QueryShape {
        filter = new TreeMap<>(filter);
        alternatives = List.copyOf(alternatives);
        sort = List.copyOf(sort);
    }

    /** The shape of a filter document and a sort document (either may be null). */
    public static QueryShape of(String collection, String command, BsonDocument filter, BsonDocument sort) {
        Map<String, Kind> fields = new TreeMap<>();
        List<Map<String, Kind>> alternatives = new ArrayList<>();
        if (filter != null) {
            collect(filter, fields, alternatives);
        }
        List<SortKey> keys = new ArrayList<>();
        if (sort != null) {
            sort.forEach((field, direction) -> keys.add(new SortKey(field, direction(direction))));
        }
        return new QueryShape(collection, command, fields, alternatives, keys);
    }

    private static int direction(BsonValue value) {
        return value.isNumber() && value.asNumber().intValue() < 0 ? -1 : 1;
    }

    private static void collect(BsonDocument filter, Map<String, Kind> fields, List<Map<String, Kind>> alternatives) {
        filter.forEach((key, value) -> {
            switch (key) {
                case "$and" -> value.asArray().forEach(part -> collect(part.asDocument(), fields, alternatives));
                case "$or" -> {
                    if (!alternatives.isEmpty()) {
                        fields.merge("$or", Kind.OTHER, Shapes::weaker); // a second $or: no index plan we check
                        return;
                    }
                    for (BsonValue branch : value.asArray()) {
                        Map<String, Kind> branchFields = new TreeMap<>();
                        List<Map<String, Kind>> nested = new ArrayList<>();
                        collect(branch.asDocument(), branchFields, nested);
                        if (!nested.isEmpty()) {
                            branchFields.put("$or", Kind.OTHER);
                        }
                        alternatives.add(branchFields);
                    }
                }
                default -> fields.merge(key, key.startsWith("$") ? Kind.OTHER : kind(value), Shapes::stronger);
            }
        });
    }

    private static Kind kind(BsonValue condition) {
        if (condition.isRegularExpression()) {
            return anchored(condition.asRegularExpression()) ? Kind.RANGE : Kind.OTHER;
        }
        if (!condition.isDocument() || condition.asDocument().isEmpty()) {
            return Kind.EQ;
        }
        BsonDocument operators = condition.asDocument();
        if (!operators.getFirstKey().startsWith("$")) {
            return Kind.EQ; // an embedded document compared whole
        }
        Kind kind = null;
        for (Map.Entry<String, BsonValue> operator : operators.entrySet()) {
            Kind one = switch (operator.getKey()) {
                case "$eq", "$in", "$all", "$elemMatch" -> Kind.EQ;
                case "$gt", "$gte", "$lt", "$lte" -> Kind.RANGE;
                case "$regex" ->
                    anchored(regex(operator.getValue(), operators.get("$options"))) ? Kind.RANGE : Kind.OTHER;
                case "$options" -> null;
                default -> Kind.OTHER;
            };
            if (one != null) {
                kind = kind == null ? one : Shapes.stronger(kind, one);
            }
        }
        return kind == null ? Kind.OTHER : kind;
    }

    private static BsonRegularExpression regex(BsonValue pattern, BsonValue options) {
        if (pattern.isRegularExpression()) {
            return pattern.asRegularExpression();
        }
        String flags =
                options != null && options.isString() ? options.asString().getValue() : "";
        return new BsonRegularExpression(pattern.asString().getValue(), flags);
    }

    /** A regex an index turns into a key range: anchored at the start and case-sensitive. */
    private static boolean anchored(BsonRegularExpression regex) {
        return regex.getPattern().startsWith("^") && !regex.getOptions().contains("i");
    }

    /** The shape as one JSON line (fields in a fixed order, so equal shapes give equal lines). */
    public String toJson() {
        Document json = new Document("collection", collection)
                .append("command", command)
                .append("filter", names(filter))
                .append(
                        "alternatives",
                        alternatives.stream().map(QueryShape::names).toList())
                .append(
                        "sort",
                        sort.stream()
                                .map(key -> new Document(key.field(), key.direction()))
                                .toList());
        return json.toJson();
    }

    private static Document names(Map<String, Kind> fields) {
        Document document = new Document();
        fields.forEach((field, kind) -> document.append(field, kind.name()));
        return document;
    }

    /** Reads a line {@link #toJson()} wrote. */
    public static QueryShape fromJson(String line) {
        Document json = Document.parse(line);
        List<Map<String, Kind>> alternatives = new ArrayList<>();
        for (Object branch : json.getList("alternatives", Document.class)) {
            alternatives.add(kinds((Document) branch));
        }
        List<SortKey> sort = new ArrayList<>();
        for (Document key : json.getList("sort", Document.class)) {
            String field = key.keySet().iterator().next();
            sort.add(new SortKey(field, ((Number) key.get(field)).intValue()));
        }
        return new QueryShape(
                json.getString("collection"),
                json.getString("command"),
                kinds(json.get("filter", Document.class)),
                alternatives,
                sort);
    }

    private static Map<String, Kind> kinds(Document document) {
        Map<String, Kind> fields = new LinkedHashMap<>();
        document.forEach((field, kind) -> fields.put(field, Kind.valueOf((String) kind)));
        return fields;
    }

    /** Helpers to combine two conditions on one field. */
    private static final class Shapes {
        /** Two conditions on a field: the index bounds it by the tighter one (an equality over a range). */
        static Kind stronger(Kind a, Kind b) {
            return a.ordinal() <= b.ordinal() ? a : b;
        }

        static Kind weaker(Kind a, Kind b) {
            return a.ordinal() >= b.ordinal() ? a : b;
        }
    }
}
