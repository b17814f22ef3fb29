package io.leadgrade.support.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.queries.IndexMatcher.Index;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The index check's matcher: which query shapes an index serves by the ESR rule, and which it does not. */
class IndexMatcherTests {

    private static final Index ID = Index.of("_id_", "_id", 1);
    private static final Index STATUS_DUE = Index.of("open_due", "status", 1, "firstDispositionAt", 1, "dueAt", 1);
    private static final Index TERRITORY_NEWEST = Index.of("territory_newest", "territory", 1, "at", -1, "_id", 1);
    private static final Index LEAD_NEWEST = Index.of("lead_newest", "leadId", 1, "at", -1, "_id", -1);

    private static QueryShape shape(String command, String filter, String sort) {
        return QueryShape.of(
                "handoffs", command, BsonDocument.parse(filter), sort == null ? null : BsonDocument.parse(sort));
    }

    private static boolean served(QueryShape shape, Index... indexes) {
        return IndexMatcher.servingIndex(shape, List.of(indexes)).isPresent();
    }

    @Test
    void equalityThenRangeIsServedByAPrefix() {
        QueryShape overdue = shape("find", "{status: 'OPEN', firstDispositionAt: null, dueAt: {$lt: 5}}", null);
        assertThat(IndexMatcher.servingIndex(overdue, List.of(ID, STATUS_DUE))).contains(STATUS_DUE);
    }

    @Test
    void aKeysetPageOnTheSortedFieldIsServed() {
        assertThat(served(shape("find", "{_id: {$gt: 'l1'}}", "{_id: 1}"), ID))
                .as("the range on the field the index is read in order of bounds the scan")
                .isTrue();
        assertThat(served(shape("find", "{dueAt: {$gt: 5}}", "{_id: 1}"), ID))
                .as("a range on another field does not")
                .isFalse();
    }

    @Test
    void aFieldTheIndexDoesNotStartWithIsAScan() {
        assertThat(served(shape("find", "{dueAt: {$lt: 5}}", null), ID, STATUS_DUE))
                .isFalse();
        assertThat(served(shape("find", "{leadId: 'l1'}", null), ID, STATUS_DUE))
                .isFalse();
    }

    @Test
    void theSortMustComeFromTheIndexRightAfterTheEqualities() {
        assertThat(served(shape("find", "{territory: 'EMEA'}", "{at: -1, _id: 1}"), TERRITORY_NEWEST))
                .isTrue();
        assertThat(served(shape("find", "{territory: 'EMEA'}", "{at: 1, _id: -1}"), TERRITORY_NEWEST))
                .as("every direction reversed: the index read backwards")
                .isTrue();
        assertThat(served(shape("find", "{territory: 'EMEA'}", "{at: -1, _id: -1}"), TERRITORY_NEWEST))
                .as("one direction reversed: not an order of the index")
                .isFalse();
        assertThat(served(shape("find", "{leadId: 'l1'}", "{at: -1, _id: -1}"), Index.of("old", "leadId", 1, "at", -1)))
                .as("the timeline's tie-break by _id is not in {leadId, at: -1}")
                .isFalse();
        assertThat(served(shape("find", "{leadId: 'l1'}", "{at: -1, _id: -1}"), LEAD_NEWEST))
                .isTrue();
    }

    @Test
    void aRangeBeforeTheSortMeansSortingInMemory() {
        Index rangeFirst = Index.of("due_at", "dueAt", 1, "at", -1);
        assertThat(served(shape("find", "{dueAt: {$lt: 5}}", "{at: -1}"), rangeFirst))
                .isFalse();
        Index esr = Index.of("at_due", "at", -1, "dueAt", 1);
        assertThat(served(shape("find", "{dueAt: {$lt: 5}}", "{at: -1}"), esr)).isTrue();
    }

    @Test
    void aSortOnAFieldFixedByTheFilterNeedsNoIndex() {
        assertThat(served(shape("find", "{territory: 'EMEA', at: 7}", "{at: -1}"), Index.of("t", "territory", 1)))
                .isTrue();
    }

    @Test
    void theIdIndexServesLookupsByIdWithMoreConditions() {
        assertThat(served(shape("update", "{_id: 'h1', version: 3}", null), ID)).isTrue();
    }

    @Test
    void caseInsensitiveOrUnanchoredRegexesAndNotEqualsAreNotBounds() {
        Index email = Index.of("email", "email", 1);
        assertThat(served(shape("find", "{email: {$regex: '^ann@x$', $options: 'i'}}", null), email))
                .isFalse();
        assertThat(served(shape("find", "{email: {$regex: 'ann'}}", null), email))
                .isFalse();
        assertThat(served(shape("find", "{email: {$regex: '^ann'}}", null), email))
                .as("anchored and case-sensitive: a key range")
                .isTrue();
        assertThat(served(shape("find", "{email: {$ne: 'x'}}", null), email)).isFalse();
    }

    @Test
    void anOrIsServedWhenEveryBranchIsOrTheRestBoundsIt() {
        Index assigned = Index.of("a", "assignedAt", 1);
        Index due = Index.of("d", "dueAt", 1);
        QueryShape either = shape("find", "{$or: [{assignedAt: {$lte: 3}}, {dueAt: {$lt: 4}}]}", null);
        assertThat(served(either, ID, assigned, due)).isTrue();
        assertThat(served(either, ID, assigned)).as("one branch has no index").isFalse();
        QueryShape bounded =
                shape("find", "{status: 'OPEN', firstDispositionAt: null, $or: [{x: 1}, {y: {$gt: 2}}]}", null);
        assertThat(served(bounded, ID, STATUS_DUE)).isTrue();
    }

    @Test
    void anUnfilteredCountIsTheCollectionsCountButAnUnfilteredReadIsAScan() {
        assertThat(served(shape("count", "{}", null), ID)).isTrue();
        assertThat(served(shape("find", "{}", null), ID, STATUS_DUE)).isFalse();
        assertThat(served(shape("find", "{}", "{_id: 1}"), ID))
                .as("read in index order")
                .isTrue();
    }

    @Test
    void shapesSurviveTheirJsonLine() {
        QueryShape shape = shape(
                "find",
                "{status: 'OPEN', $and: [{dueAt: {$gte: 1}}, {dueAt: {$lt: 9}}], $or: [{a: 1}, {b: /^x/}]}",
                "{at: -1, _id: 1}");
        assertThat(QueryShape.fromJson(shape.toJson())).isEqualTo(shape);
        assertThat(shape.filter())
                .containsEntry("status", QueryShape.Kind.EQ)
                .containsEntry("dueAt", QueryShape.Kind.RANGE);
        assertThat(shape.alternatives().get(1)).containsEntry("b", QueryShape.Kind.RANGE);
    }
}
