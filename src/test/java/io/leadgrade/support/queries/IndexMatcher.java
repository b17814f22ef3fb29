package io.leadgrade.support.queries;

import io.leadgrade.support.queries.QueryShape.Kind;
import io.leadgrade.support.queries.QueryShape.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether an index serves a query shape the way MongoDB's planner would use it, by the ESR rule: a prefix of the
 * index's keys is equality fields of the filter (in any order), then the sort's fields in order (every direction as
 * the index has it, or every one reversed), then at most one range field. The prefix must bound the scan (hold at
 * least one filter field) and must deliver the sort: a shape whose sort comes from no index would sort its matches in
 * memory. Filter fields outside the prefix are checked on the documents the bounded scan finds. An unfiltered count is
 * the collection's own count; an unfiltered, unsorted read is a collection scan however it is indexed.
 */
public final class IndexMatcher {

    /** One index: its keys in order with their directions (1, -1, or a special kind such as "text", kept as 1). */
    public record Index(String name, List<SortKey> keys) {

        public static Index of(String name, Object... fieldsAndDirections) {
            List<SortKey> keys = new ArrayList<>();
            for (int i = 0; i < fieldsAndDirections.length; i += 2) {
                keys.add(new SortKey((String) fieldsAndDirections[i], (Integer) fieldsAndDirections[i + 1]));
            }
            return new Index(name, keys);
        }

        @Override
        public String toString() {
            return name + keys;
        }
    }

    private IndexMatcher() {}

    /** The index that serves {@code shape}, if any does. */
    public static Optional<Index> servingIndex(QueryShape shape, List<Index> indexes) {
        if (shape.alternatives().isEmpty()) {
            return first(shape.filter(), shape.sort(), indexes, shape.command());
        }
        // {base, $or: [b1, b2]}: the base bounds the scan on its own, or each branch with the base does.
        Optional<Index> base = shape.filter().isEmpty()
                ? Optional.empty()
                : first(shape.filter(), shape.sort(), indexes, shape.command());
        if (base.isPresent()) {
            return base;
        }
        Optional<Index> last = Optional.empty();
        for (Map<String, Kind> branch : shape.alternatives()) {
            Map<String, Kind> merged = new TreeMap<>(shape.filter());
            merged.putAll(branch);
            // Each branch is a scan of its own; a sort over several would be a merge MongoDB does, so only the
            // filters count here.
            last = first(merged, List.of(), indexes, shape.command());
            if (last.isEmpty()) {
                return Optional.empty();
            }
        }
        return last;
    }

    private static Optional<Index> first(
            Map<String, Kind> filter, List<SortKey> sort, List<Index> indexes, String command) {
        if (filter.isEmpty() && sort.isEmpty()) {
            return command.equals("count") ? Optional.of(new Index("collection count", List.of())) : Optional.empty();
        }
        return indexes.stream().filter(index -> serves(index, filter, sort)).findFirst();
    }

    /** Whether a prefix of {@code index} serves the filter and the sort by the ESR rule. */
    static boolean serves(Index index, Map<String, Kind> filter, List<SortKey> sort) {
        // Sorting on a field the filter fixes to one value changes nothing.
        List<SortKey> remainingSort =
                sort.stream().filter(key -> filter.get(key.field()) != Kind.EQ).toList();
        List<SortKey> keys = index.keys();
        int position = 0;
        int bounded = 0;
        while (position < keys.size() && filter.get(keys.get(position).field()) == Kind.EQ) {
            position++;
            bounded++;
        }
        if (!remainingSort.isEmpty()) {
            if (!sortFollows(keys, position, remainingSort)) {
                return false;
            }
            position += remainingSort.size();
            // A range on a field the index is read in order of ({_id: {$gt: last}} sorted by _id, a keyset page)
            // bounds the scan too.
            if (remainingSort.stream().anyMatch(key -> filter.get(key.field()) == Kind.RANGE)) {
                bounded++;
            }
        }
        if (position < keys.size() && filter.get(keys.get(position).field()) == Kind.RANGE) {
            bounded++;
        }
        return bounded > 0 || filter.isEmpty();
    }

    private static boolean sortFollows(List<SortKey> keys, int from, List<SortKey> sort) {
        if (keys.size() - from < sort.size()) {
            return false;
        }
        Boolean reversed = null;
        for (int i = 0; i < sort.size(); i++) {
            SortKey key = keys.get(from + i);
            SortKey wanted = sort.get(i);
            if (!key.field().equals(wanted.field())) {
                return false;
            }
            boolean flipped = key.direction() != wanted.direction();
            if (reversed != null && reversed != flipped) {
                return false;
            }
            reversed = flipped;
        }
        return true;
    }
}
