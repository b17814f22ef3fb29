package io.leadgrade.imports;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One reason a row was kept out of an import, in {@code import_errors}: line, column, value, reason; or, with level
 * {@value #WARNING}, a value of a row that went in without it (an unknown country).
 */
@Document("import_errors")
// An import's errors (level null) or warnings in line order, as their CSVs list them, and the count of its warnings.
@CompoundIndex(name = "import_level_line", def = "{'importId': 1, 'level': 1, 'line': 1, '_id': 1}")
record ImportError(
        @Id String id, String importId, long line, String column, String value, String reason, String level) {

    static final String WARNING = "WARNING";

    static ImportError of(String importId, LeadRows.RowError error) {
        return of(importId, error, null);
    }

    /** A value the row was imported without; the row itself went in. */
    static ImportError warning(String importId, LeadRows.RowError warning) {
        return of(importId, warning, WARNING);
    }

    private static ImportError of(String importId, LeadRows.RowError error, String level) {
        return new ImportError(
                importId + ":" + error.line() + ":" + (error.column() == null ? "" : error.column()) + ":"
                        + Integer.toHexString(error.reason().hashCode()),
                importId,
                error.line(),
                error.column(),
                error.value(),
                error.reason(),
                level);
    }
}
