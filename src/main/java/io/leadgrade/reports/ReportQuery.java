package io.leadgrade.reports;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The query parameters every report takes: how to group, and which handoffs (handed off from {@code from} up to
 * but not including {@code to}, UTC days; and any of territory, rep, product line, source).
 */
record ReportQuery(
        Grouping groupBy,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
        String territory,
        String rep,
        String productLine,
        String source) {

    Grouping groupBy(Grouping otherwise) {
        return groupBy == null ? otherwise : groupBy;
    }

    ReportFilter filter() {
        return new ReportFilter(
                from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to == null ? null : to.atStartOfDay(ZoneOffset.UTC).toInstant(),
                territory,
                rep,
                productLine,
                source);
    }
}
