package io.leadgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.dispositions.DispositionProperties;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;

/**
 * The worst-case size of a rollup document under the default bound (docs/scaling.md#bounds quotes these figures):
 * a month's document of one dimension's groups, with {@code max-groups-per-dimension} values plus "(other)", each
 * value as long as the reports keep it and made of characters that are escaped in field names, and every one of
 * them with every cell (16 grades x 5 tiers x every default disposition code and none) and every hour bucket. MongoDB
 * refuses an update whose result exceeds 16 MB; this document is built with the rollups' own code.
 */
class RollupDocumentSizeTests {

    static final int LIMIT = GroupValues.DEFAULT_LIMIT;
    static final long MONGODB_LIMIT = 16L * 1024 * 1024;

    @Test
    void a_dimension_document_at_the_bound_with_every_cell_stays_well_below_16_mb() {
        int bytes = size(dimensionDocument(LIMIT + 1, GroupValues.MAX_LENGTH, true));
        System.out.printf("worst-case rollup document: %,d bytes (%.1f MB)%n", bytes, bytes / 1024.0 / 1024);
        assertThat((long) bytes).isLessThan(MONGODB_LIMIT / 2);
    }

    @Test
    void twice_the_default_bound_would_come_close_to_the_limit() {
        int bytes = size(dimensionDocument(2 * LIMIT + 1, GroupValues.MAX_LENGTH, true));
        System.out.printf("worst case at twice the bound: %,d bytes (%.1f MB)%n", bytes, bytes / 1024.0 / 1024);
        assertThat((long) bytes).isBetween(MONGODB_LIMIT / 2, MONGODB_LIMIT);
    }

    @Test
    void a_realistic_month_at_the_bound_is_a_fraction_of_that() {
        // The tier follows from the grade (one ruleset's mapping), values of 20 characters.
        int bytes = size(dimensionDocument(LIMIT + 1, 20, false));
        System.out.printf(
                "realistic rollup document at the bound: %,d bytes (%.1f MB)%n", bytes, bytes / 1024.0 / 1024);
        assertThat((long) bytes).isLessThan(MONGODB_LIMIT / 10);
    }

    /** The product-line document of one month (mask 0) when {@code values} product lines each have every cell. */
    private static Document dimensionDocument(int values, int length, boolean everyTier) {
        List<String> cells = cells(everyTier);
        List<Integer> buckets = buckets();
        Map<String, Map<String, Long>> deltas = new HashMap<>();
        LocalDate day = LocalDate.of(2026, 3, 10);
        for (int v = 0; v < values; v++) {
            String value = (v + ".").repeat(length).substring(0, length); // '.' is escaped to three characters
            int combinations = Math.max(cells.size(), buckets.size());
            for (int i = 0; i < combinations; i++) {
                Facts facts = new Facts(
                        day,
                        "north-america",
                        "rep-1",
                        value,
                        "web",
                        cells.get(i % cells.size()),
                        i % 2 == 0,
                        i % 4 == 0,
                        i % 3,
                        buckets.get(i % buckets.size()));
                Rollups.contribute(facts, 1, true, 0, deltas);
            }
        }
        String id = Rollups.sectionId(Rollups.id("M|2026-03", 0, List.of()), 'p');
        Document document = Rollups.nested(id, deltas.get(id));
        assertThat(document.get("g", Document.class).get("p", Document.class)).hasSize(values);
        return document;
    }

    private static List<String> cells(boolean everyTier) {
        List<String> dispositions = new ArrayList<>();
        new DispositionProperties(null, null).codes().forEach(code -> dispositions.add(code.code()));
        dispositions.add(Facts.NONE);
        List<String> tiers = List.of("HIGH", "MEDIUM", "LOW", "BELOW_MQL", Facts.NONE);
        List<String> cells = new ArrayList<>();
        for (int g = 0; g < ReportService.GRADES.size(); g++) {
            String grade = ReportService.GRADES.get(g);
            for (String tier : everyTier ? tiers : List.of(tiers.get(g % tiers.size()))) {
                for (String disposition : dispositions) {
                    cells.add(Facts.cell(grade, tier, disposition));
                }
            }
        }
        return cells;
    }

    private static List<Integer> buckets() {
        TreeSet<Integer> buckets = new TreeSet<>();
        for (long hours = 0; hours <= 800; hours++) {
            buckets.add(Facts.bucket(hours * 60));
        }
        return new ArrayList<>(buckets);
    }

    private static int size(Document document) {
        return new RawBsonDocument(document, new DocumentCodec())
                .getByteBuffer()
                .remaining();
    }
}
