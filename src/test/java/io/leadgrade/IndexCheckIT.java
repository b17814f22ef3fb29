package io.leadgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.queries.IndexMatcher;
import io.leadgrade.support.queries.IndexMatcher.Index;
import io.leadgrade.support.queries.QueryShape;
import io.leadgrade.support.queries.QueryShape.SortKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The index check (issue 21): every query shape the unit-test run sent to a collection that grows with the leads is
 * served by an index the application declares, as real MongoDB would plan it ({@link IndexMatcher}: equality, sort,
 * range). The shapes come from the surefire run ({@code target/query-shapes}, written by the test-scope
 * {@code QueryShapeRecorder}); this runs after it, in the integration-test phase, and reads the indexes from a started
 * application's store, so an index is counted only if the application really creates it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IndexCheckIT {

    /**
     * Collections that grow with the number of leads: every shape on them must be served. The others (reps,
     * territories, rulesets, jobs, users, api keys, setup links, feedback targets/flags, backtests, counters, rollups
     * bounded by day x groups, rep days and loads, rotations, ruleset state) hold a few documents to a few thousand.
     */
    private static final Set<String> GROWING =
            Set.of("leads", "activities", "gradings", "handoffs", "dispositions", "import_errors");

    /**
     * Shapes on growing collections that no index fully serves, on purpose, each with why; matched on collection,
     * origin (the code that sent it, a prefix), filter and sort, "*" for any.
     */
    private static final List<Allowed> ALLOWED = List.of(
            // The rollup rebuild reads every handoff once, by design: it rebuilds the reports from the raw data, when
            // they are missing or asked for (an ADMIN's job), never per request; before it, it asks whether there is a
            // handoff at all (an unfiltered read of one document).
            new Allowed("handoffs", "reports.", "*", "*", "rollup rebuild from raw data"),
            new Allowed("leads", "reports.", "*", "*", "rollup rebuild from raw data"),
            new Allowed("dispositions", "reports.", "*", "*", "rollup rebuild from raw data"),
            // The feedback refresh (nightly) and backtests (on request) are batch jobs over the whole outcome history:
            // they stream every handoff with a disposition and every graded lead once ({disposition: {$ne: null}},
            // {grading: {$ne: null}}), which is most of the collection, so a scan is the plan MongoDB would choose.
            new Allowed("handoffs", "feedback.", "*", "*", "feedback and backtests over the whole history"),
            new Allowed("leads", "feedback.", "*", "*", "feedback and backtests over the whole history"),
            new Allowed("dispositions", "feedback.", "*", "*", "feedback and backtests over the whole history"),
            // Once per store, at the first start of this version: the leads stored before there were search keys
            // (a marker in lead_migrations says it ran; every lead written since has its keys).
            new Allowed(
                    "leads",
                    "leads.SearchKeyBackfill.",
                    "{\"searchKey\": \"OTHER\"}",
                    "*",
                    "search-key backfill, once per store"),
            // A text search or a creation-date range on its own: the prefix of the search key (or the date range) is
            // the index bound and the page's order by _id is a top-k sort of those matches (the page asks for one more
            // than it shows, so MongoDB keeps size + 1 documents while it sorts, not all matches). Any other filter
            // beside it is served in order by its own index (e.g. grade_id).
            new Allowed("leads", "leads.LeadSearchImpl.", "{\"searchKey\": \"RANGE\"}", "[{\"_id\": 1}]", "search"),
            new Allowed("leads", "leads.LeadSearchImpl.", "{\"createdAt\": \"RANGE\"}", "[{\"_id\": 1}]", "dates"),
            new Allowed(
                    "leads",
                    "leads.LeadSearchImpl.",
                    "{\"createdAt\": \"RANGE\", \"searchKey\": \"RANGE\"}",
                    "[{\"_id\": 1}]",
                    "search within dates"));

    @Autowired
    MongoTemplate mongo;

    @Test
    void everyQueryOnAGrowingCollectionIsServedByAnIndex() throws IOException {
        List<Document> recorded = recordedShapes();
        assertThat(recorded)
                .as("no query shapes were recorded in target/query-shapes: run the unit tests (surefire) before this")
                .isNotEmpty();
        Set<String> unserved = new TreeSet<>();
        for (Document line : recorded) {
            QueryShape shape = QueryShape.fromJson(line.toJson());
            // A test's own queries (clearing collections, looking into the store) are not the application's.
            if (line.getString("origin").startsWith("test:")
                    || !GROWING.contains(shape.collection())
                    || allowed(line.getString("origin"), shape)) {
                continue;
            }
            List<Index> indexes = indexes(shape.collection());
            if (IndexMatcher.servingIndex(shape, indexes).isEmpty()) {
                unserved.add(shape.toJson() + "\n    from " + line.getString("origin") + ", indexes: " + indexes);
            }
        }
        assertThat(unserved)
                .as("query shapes no index serves (declare an index, or allow-list the shape in IndexCheckIT with why)")
                .isEmpty();
    }

    private static List<Document> recordedShapes() throws IOException {
        Path folder = Path.of("target", "query-shapes");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        Set<String> lines = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines.stream()
                .filter(line -> !line.isBlank())
                .map(Document::parse)
                .toList();
    }

    private List<Index> indexes(String collection) {
        List<Index> indexes = new ArrayList<>();
        if (!mongo.collectionExists(collection)) {
            // Not created yet (no declared index made it): it will have the _id index all collections have.
            indexes.add(Index.of("_id_", "_id", 1));
            return indexes;
        }
        for (Document index : mongo.getCollection(collection).listIndexes()) {
            List<SortKey> keys = new ArrayList<>();
            index.get("key", Document.class)
                    .forEach((field, direction) ->
                            keys.add(new SortKey(field, direction instanceof Number n && n.intValue() < 0 ? -1 : 1)));
            indexes.add(new Index(index.getString("name"), keys));
        }
        return indexes;
    }

    private static boolean allowed(String origin, QueryShape shape) {
        return ALLOWED.stream().anyMatch(allowed -> allowed.matches(origin, shape));
    }

    /** A shape that may go unserved, and why (see {@link #ALLOWED}). */
    record Allowed(String collection, String origin, String filter, String sort, String why) {

        boolean matches(String from, QueryShape shape) {
            Document json = Document.parse(shape.toJson());
            return collection.equals(shape.collection())
                    && (origin.equals("*") || from.startsWith(origin))
                    && (filter.equals("*") || Document.parse(filter).equals(json.get("filter")))
                    && json.getList("alternatives", Object.class).isEmpty()
                    && (sort.equals("*")
                            || Document.parse("{\"s\": " + sort + "}").get("s").equals(json.get("sort")));
        }
    }
}
