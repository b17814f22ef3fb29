package io.leadgrade.imports;

import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * How a foreign file maps onto leads, from a YAML file:
 *
 * <pre>
 * kind: leads              # leads (default) or activities (one event per row: columns leadExternalId, eventId,
 *                          # type, at; other columns become the event's properties)
 * format: csv              # csv (default) or jsonl
 * delimiter: ";"           # csv: by default the most frequent of , ; tab | in the header line
 * encoding: windows-1252   # by default UTF-8 (a byte-order mark is skipped)
 * columns:                 # lead field: the file's column
 *   externalId: mql_id
 *   source: origin
 * values:                  # lead field: file value to stored value (others are kept as they are)
 *   source: {paid_search: paid-search}
 * attributes: unmapped     # unmapped (default): other columns become attributes rules can read; none
 * outcome:                 # optional: what sales did with the lead in the source system
 *   column: deal_stage
 *   codes: {Won: SQO, Lost: NO_INTEREST}   # "*": any other value; values not listed (or blank): none yet
 *   at: close_date         # when (dates such as 2026-03-01 or 2026-03-01 14:30:00, UTC)
 *   handedOffAt: engage_date  # alone (without column): handed off in the source, no outcome yet
 *   rep: sales_agent
 * lookups:                 # optional: tables joined onto each row (see LookupTable)
 *   accounts: {on: account, key: account, file: accounts.csv}   # key defaults to on; file: for the command line
 * </pre>
 */
record ImportMapping(
        String kind,
        String format,
        Character delimiter,
        Charset encoding,
        Map<String, String> columns,
        Map<String, Map<String, String>> values,
        boolean unmappedAsAttributes,
        Outcome outcome,
        Map<String, Lookup> lookups) {

    /**
     * A table joined onto each row: the file's column holding the key ({@code on}), the table's key column, and for
     * the command line the table's file (relative to the mapping; by default {@code <name>.csv}).
     */
    record Lookup(String on, String key, String file) {

        static final Set<String> KEYS = Set.of("on", "key", "file");
    }

    /** Columns of a past outcome: the disposition column and its codes, and optional dates and rep. */
    record Outcome(String column, Map<String, String> codes, String at, String handedOffAt, String rep) {

        static final Set<String> KEYS = Set.of("column", "codes", "at", "handedOffAt", "rep");

        /** The file's columns this section reads: they describe the lead's history, not the lead. */
        Set<String> columns() {
            Set<String> columns = new java.util.HashSet<>();
            for (String column : java.util.Arrays.asList(column, at, handedOffAt, rep)) {
                if (column != null) {
                    columns.add(column);
                }
            }
            return columns;
        }
    }

    /** Names of stored mappings and lookup tables. */
    static final String TABLE_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    static final Set<String> FIELDS = Set.of(
            "externalId",
            "email",
            "firstName",
            "lastName",
            "title",
            "company",
            "companySize",
            "industry",
            "country",
            "productLine",
            "source",
            "emailClicks",
            "webVisits",
            "pricingPageVisits",
            "formSubmissions",
            "webinarsAttended");

    /** The columns of an activity import ({@code kind: activities}): one row per event. */
    static final Set<String> ACTIVITY_FIELDS = Set.of("leadExternalId", "eventId", "type", "at");

    static final Set<String> KEYS =
            Set.of("kind", "format", "delimiter", "encoding", "columns", "values", "attributes", "outcome", "lookups");

    boolean activities() {
        return kind.equals("activities");
    }

    /** For commands that read leads: a mapping of activities is refused naming its kind. */
    ImportMapping leadsOnly(String command) {
        if (activities()) {
            throw problem(
                    "mapping.kind", "must be leads: " + command + " reads leads, this mapping reads activities", kind);
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    static ImportMapping parse(String yaml) {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            throw problem(
                    "mapping",
                    "is not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ", column "
                            + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem(),
                    null);
        } catch (RuntimeException e) {
            throw problem("mapping", "is not valid YAML: " + e.getMessage(), null);
        }
        if (!(loaded instanceof Map<?, ?> root)) {
            throw problem("mapping", "must be a YAML map with at least columns.externalId", null);
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (Object key : root.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                problems.add(
                        new FieldProblem("mapping." + key, "is not a mapping setting; allowed: " + sorted(KEYS), null));
            }
        }
        String kind = root.get("kind") == null ? "leads" : String.valueOf(root.get("kind"));
        if (!kind.equals("leads") && !kind.equals("activities")) {
            problems.add(new FieldProblem("mapping.kind", "must be leads (the default) or activities", kind));
        }
        Set<String> fields = kind.equals("activities") ? ACTIVITY_FIELDS : FIELDS;
        String format = root.get("format") == null ? "csv" : String.valueOf(root.get("format"));
        if (!format.equals("csv") && !format.equals("jsonl")) {
            problems.add(new FieldProblem("mapping.format", "must be csv or jsonl", format));
        }
        Character delimiter = null;
        if (root.get("delimiter") != null) {
            String text = String.valueOf(root.get("delimiter"));
            if (text.equals("\\t") || text.equalsIgnoreCase("tab")) {
                text = "\t";
            }
            if (text.length() != 1 || text.equals("\"") || text.equals("\n") || text.equals("\r")) {
                problems.add(new FieldProblem("mapping.delimiter", "must be one character such as , ; | or tab", text));
            } else {
                delimiter = text.charAt(0);
            }
        }
        Charset encoding = java.nio.charset.StandardCharsets.UTF_8;
        if (root.get("encoding") != null) {
            try {
                encoding = Charset.forName(String.valueOf(root.get("encoding")));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                problems.add(new FieldProblem(
                        "mapping.encoding",
                        "is not an encoding Java knows (UTF-8, ISO-8859-1, windows-1252, ...)",
                        root.get("encoding")));
            }
        }
        Map<String, String> columns = new LinkedHashMap<>();
        if (root.get("columns") instanceof Map<?, ?> map) {
            map.forEach((field, column) -> {
                if (!fields.contains(String.valueOf(field))) {
                    problems.add(new FieldProblem(
                            "mapping.columns." + field,
                            "is not " + (fields == FIELDS ? "a lead field" : "an activity field") + "; allowed: "
                                    + sorted(fields),
                            column));
                } else if (column == null || String.valueOf(column).isBlank()) {
                    problems.add(
                            new FieldProblem("mapping.columns." + field, "must name a column of the file", column));
                } else {
                    columns.put(String.valueOf(field), String.valueOf(column));
                }
            });
        } else {
            problems.add(new FieldProblem("mapping.columns", "must map lead fields to the file's columns", null));
        }
        if (problems.stream().noneMatch(p -> p.field().equals("mapping.columns"))) {
            if (fields == FIELDS && !columns.containsKey("externalId")) {
                problems.add(new FieldProblem(
                        "mapping.columns.externalId",
                        "is required: the column that identifies a lead in your system",
                        null));
            }
            if (fields == ACTIVITY_FIELDS) {
                for (String field : new java.util.TreeSet<>(ACTIVITY_FIELDS)) {
                    if (!columns.containsKey(field)) {
                        problems.add(new FieldProblem(
                                "mapping.columns." + field,
                                "is required for an activity import (leadExternalId, eventId, type, at)",
                                null));
                    }
                }
            }
        }
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        if (root.get("values") instanceof Map<?, ?> map) {
            map.forEach((field, translation) -> {
                if (!columns.containsKey(String.valueOf(field))) {
                    problems.add(new FieldProblem(
                            "mapping.values." + field, "translates a field that columns does not map", null));
                } else if (translation instanceof Map<?, ?> pairs) {
                    Map<String, String> table = new LinkedHashMap<>();
                    pairs.forEach(
                            (from, to) -> table.put(String.valueOf(from), to == null ? null : String.valueOf(to)));
                    values.put(String.valueOf(field), table);
                } else {
                    problems.add(new FieldProblem(
                            "mapping.values." + field,
                            "must be a map from the file's values to stored values",
                            translation));
                }
            });
        } else if (root.get("values") != null) {
            problems.add(new FieldProblem("mapping.values", "must be a map of field to value translations", null));
        }
        String attributes = root.get("attributes") == null ? "unmapped" : String.valueOf(root.get("attributes"));
        if (!attributes.equals("unmapped") && !attributes.equals("none")) {
            problems.add(new FieldProblem("mapping.attributes", "must be unmapped or none", attributes));
        }
        Outcome outcome = null;
        if (root.get("outcome") instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!Outcome.KEYS.contains(String.valueOf(key))) {
                    problems.add(new FieldProblem(
                            "mapping.outcome." + key,
                            "is not an outcome setting; allowed: " + sorted(Outcome.KEYS),
                            null));
                }
            }
            Map<String, String> codes = new LinkedHashMap<>();
            if (map.get("codes") instanceof Map<?, ?> pairs) {
                pairs.forEach((from, to) -> codes.put(String.valueOf(from), to == null ? null : String.valueOf(to)));
            } else if (map.get("codes") != null || map.get("column") != null) {
                problems.add(new FieldProblem(
                        "mapping.outcome.codes",
                        "must map the column's values to disposition codes",
                        map.get("codes")));
            }
            if (map.get("column") == null && !codes.isEmpty()) {
                problems.add(
                        new FieldProblem("mapping.outcome.column", "must name the column holding the outcome", null));
            }
            if (map.get("column") == null && map.get("handedOffAt") == null) {
                problems.add(new FieldProblem(
                        "mapping.outcome",
                        "needs column and codes (the outcome), handedOffAt (when the lead went to sales), or both",
                        null));
            }
            outcome = new Outcome(
                    map.get("column") == null ? null : String.valueOf(map.get("column")),
                    codes,
                    map.get("at") == null ? null : String.valueOf(map.get("at")),
                    map.get("handedOffAt") == null ? null : String.valueOf(map.get("handedOffAt")),
                    map.get("rep") == null ? null : String.valueOf(map.get("rep")));
        } else if (root.get("outcome") != null) {
            problems.add(new FieldProblem("mapping.outcome", "must be a map with column and codes", null));
        }
        Map<String, Lookup> lookups = lookups(root.get("lookups"), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (kind.equals("activities") && outcome != null) {
            throw problem("mapping.outcome", "is for lead imports; an activity import has no outcome", null);
        }
        return new ImportMapping(
                kind, format, delimiter, encoding, columns, values, attributes.equals("unmapped"), outcome, lookups);
    }

    private static Map<String, Lookup> lookups(Object section, List<FieldProblem> problems) {
        Map<String, Lookup> lookups = new LinkedHashMap<>();
        if (section == null) {
            return lookups;
        }
        if (!(section instanceof Map<?, ?> tables)) {
            problems.add(new FieldProblem(
                    "mapping.lookups", "must map table names to {on: <file column>, key: <table column>}", null));
            return lookups;
        }
        tables.forEach((name, settings) -> {
            String field = "mapping.lookups." + name;
            if (!String.valueOf(name).matches(TABLE_NAME)) {
                problems.add(new FieldProblem(field, "must be a table name: letters, digits, '.', '_' or '-'", name));
            } else if (!(settings instanceof Map<?, ?> raw) || on(raw).get("on") == null) {
                problems.add(
                        new FieldProblem(field + ".on", "must name the file's column holding the table's key", null));
            } else {
                Map<String, Object> map = on(raw);
                for (Object key : map.keySet()) {
                    if (!Lookup.KEYS.contains(String.valueOf(key))) {
                        problems.add(new FieldProblem(
                                field + "." + key, "is not a lookup setting; allowed: " + sorted(Lookup.KEYS), null));
                    }
                }
                String on = String.valueOf(map.get("on"));
                lookups.put(
                        String.valueOf(name),
                        new Lookup(
                                on,
                                map.get("key") == null ? on : String.valueOf(map.get("key")),
                                map.get("file") == null ? name + ".csv" : String.valueOf(map.get("file"))));
            }
        });
        return lookups;
    }

    /** A lookup's settings by name: YAML 1.1 reads an unquoted {@code on:} key as the boolean true. */
    private static Map<String, Object> on(Map<?, ?> settings) {
        Map<String, Object> named = new LinkedHashMap<>();
        settings.forEach((key, value) -> named.put(Boolean.TRUE.equals(key) ? "on" : String.valueOf(key), value));
        return named;
    }

    /** The stored value of a field from the file's text: translated by {@code values}, blank as absent. */
    String value(String field, String raw) {
        if (raw == null) {
            return null;
        }
        String trimmed = raw.strip();
        Map<String, String> table = values.get(field);
        if (table != null && table.containsKey(trimmed)) {
            return table.get(trimmed);
        }
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static InvalidRequestException problem(String field, String message, Object value) {
        return new InvalidRequestException(List.of(new FieldProblem(field, message, value)));
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", new java.util.TreeSet<>(names));
    }
}
