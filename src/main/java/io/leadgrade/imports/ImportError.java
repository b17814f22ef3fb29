package io.leadgrade.imports;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** One reason a row was kept out of an import, in {@code import_errors}: line, column, value, reason. */
@Document("import_errors")
record ImportError(@Id String id, String importId, long line, String column, String value, String reason) {

    static ImportError of(String importId, LeadRows.RowError error) {
        return new ImportError(
                importId + ":" + error.line() + ":" + (error.column() == null ? "" : error.column()) + ":"
                        + Integer.toHexString(error.reason().hashCode()),
                importId,
                error.line(),
                error.column(),
                error.value(),
                error.reason());
    }
}
