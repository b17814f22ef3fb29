package io.leadgrade.reports;

import java.time.Instant;

/** Which handoffs a report reads: handed off in [from, to), and any of the dimensions; null means any. */
public record ReportFilter(Instant from, Instant to, String territory, String rep, String productLine, String source) {}
