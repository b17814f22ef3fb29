package io.leadgrade.imports;

import io.leadgrade.leads.LeadRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.groups.Default;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns one row of a file (column name to text) into a lead request, or into the errors that keep it out. */
final class LeadRows {

    static final List<String> COUNTERS =
            List.of("emailClicks", "webVisits", "pricingPageVisits", "formSubmissions", "webinarsAttended");

    /** What is wrong with one row: its line in the file, the column, the value and why. */
    record RowError(long line, String column, String value, String reason) {}

    /** A past outcome of the row's lead: the disposition code, when, when it was handed off, and by whom. */
    record Outcome(String code, java.time.Instant at, java.time.Instant handedOffAt, String rep) {

        /** As the modules record it: dated as of the handoff (or else the close date, or now). */
        io.leadgrade.leads.PastOutcome past(java.time.Instant now) {
            return io.leadgrade.leads.PastOutcome.of(handedOffAt, rep, code, at, now);
        }
    }

    /** A row's event (activity imports), or its errors. */
    record MappedActivity(io.leadgrade.leads.ActivityRequest activity, List<RowError> errors) {}

    /** A row of an activity import as the event it records, or the errors that keep it out. */
    MappedActivity mapActivity(long line, Map<String, String> fileRow) {
        Map<String, String> row = joined(fileRow);
        List<RowError> errors = new ArrayList<>();
        Map<String, String> text = new LinkedHashMap<>();
        mapping.columns().forEach((field, column) -> text.put(field, mapping.value(field, row.get(column))));
        for (String field : List.of("leadExternalId", "eventId", "type", "at")) {
            if (text.get(field) == null) {
                errors.add(new RowError(line, mapping.columns().get(field), null, field + " must not be blank"));
            }
        }
        java.time.Instant at =
                text.get("at") == null ? null : date(line, mapping.columns().get("at"), row, errors);
        Map<String, Object> properties = new LinkedHashMap<>();
        if (mapping.unmappedAsAttributes()) {
            for (Map.Entry<String, String> cell : row.entrySet()) {
                if (!mapping.columns().containsValue(cell.getKey())
                        && cell.getValue() != null
                        && !cell.getValue().isBlank()) {
                    properties.put(attributeKey(cell.getKey()), cell.getValue().strip());
                }
            }
        }
        if (!errors.isEmpty()) {
            return new MappedActivity(null, errors);
        }
        return new MappedActivity(
                new io.leadgrade.leads.ActivityRequest(
                        text.get("leadExternalId"), text.get("eventId"), text.get("type"), at, properties),
                List.of());
    }

    /**
     * A row's lead and its outcome (null without one), or its errors; warnings name values the row was taken in
     * without (an unknown country), so the import's report says what it could not understand.
     */
    record Mapped(LeadRequest lead, Outcome outcome, List<RowError> errors, List<RowError> warnings) {}

    private final ImportMapping mapping;
    private final Validator validator;
    private final Map<String, Map<String, Map<String, String>>> joins = new LinkedHashMap<>();

    LeadRows(ImportMapping mapping, Validator validator) {
        this(mapping, validator, Map.of());
    }

    /** With the lookup tables the mapping names (each must be given). */
    LeadRows(ImportMapping mapping, Validator validator, Map<String, LookupTable> tables) {
        this.mapping = mapping;
        this.validator = validator;
        mapping.lookups()
                .keySet()
                .forEach(name -> joins.put(name, tables.get(name).byKey()));
    }

    boolean activities() {
        return mapping.activities();
    }

    /** The file's column for a field named in a problem ("type", "activities[0].at" and so on). */
    String column(String field) {
        String name = field.replaceFirst("^activities\\[\\d+]\\.", "");
        return mapping.columns().getOrDefault(name, name);
    }

    /** The columns a row has: the file's, then those its lookup tables add. */
    static List<String> columns(List<String> fileColumns, Map<String, LookupTable> tables) {
        List<String> all = new ArrayList<>(fileColumns);
        tables.values()
                .forEach(table -> table.columns().stream()
                        .filter(column -> !column.equals(table.key()) && !all.contains(column))
                        .forEach(all::add));
        return all;
    }

    /** The row with its lookup tables' columns joined on (the file's own values win). */
    private Map<String, String> joined(Map<String, String> row) {
        if (joins.isEmpty()) {
            return row;
        }
        Map<String, String> all = new LinkedHashMap<>(row);
        mapping.lookups().forEach((name, lookup) -> {
            String key = row.get(lookup.on());
            Map<String, String> match = key == null ? null : joins.get(name).get(key.strip());
            if (match != null) {
                match.forEach(all::putIfAbsent);
            }
        });
        return all;
    }

    Mapped map(long line, Map<String, String> fileRow) {
        Map<String, String> row = joined(fileRow);
        List<RowError> errors = new ArrayList<>();
        Map<String, String> text = new LinkedHashMap<>();
        mapping.columns().forEach((field, column) -> text.put(field, mapping.value(field, row.get(column))));
        List<RowError> warnings = new ArrayList<>();
        text.computeIfPresent("country", (field, country) -> country(line, country, warnings));
        Integer companySize = whole(line, "companySize", text, errors);
        Integer[] counters = new Integer[COUNTERS.size()];
        boolean anyCounter = false;
        for (int i = 0; i < COUNTERS.size(); i++) {
            counters[i] = whole(line, COUNTERS.get(i), text, errors);
            anyCounter |= counters[i] != null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        java.util.Set<String> history = mapping.outcome() == null
                ? java.util.Set.of()
                : mapping.outcome().columns();
        if (mapping.unmappedAsAttributes()) {
            for (Map.Entry<String, String> cell : row.entrySet()) {
                if (!mapping.columns().containsValue(cell.getKey())
                        && !history.contains(cell.getKey())
                        && cell.getValue() != null
                        && !cell.getValue().isBlank()) {
                    attributes.put(attributeKey(cell.getKey()), cell.getValue().strip());
                }
            }
        }
        LeadRequest lead = new LeadRequest(
                text.get("externalId"),
                text.get("email"),
                text.get("firstName"),
                text.get("lastName"),
                text.get("title"),
                text.get("company"),
                companySize,
                text.get("industry"),
                text.get("country"),
                text.get("productLine"),
                text.get("source"),
                attributes,
                anyCounter
                        ? new LeadRequest.Counts(counters[0], counters[1], counters[2], counters[3], counters[4])
                        : null);
        for (ConstraintViolation<LeadRequest> violation :
                validator.validate(lead, Default.class, LeadRequest.Stored.class)) {
            String path = violation.getPropertyPath().toString();
            String field = path.startsWith("engagementCounts.") ? path.substring("engagementCounts.".length()) : path;
            String column = mapping.columns().getOrDefault(field, path);
            Object invalid = violation.getInvalidValue();
            errors.add(new RowError(
                    line,
                    column,
                    invalid instanceof String || invalid instanceof Number ? String.valueOf(invalid) : null,
                    field + " " + violation.getMessage()));
        }
        Outcome outcome = outcome(line, row, errors);
        return errors.isEmpty()
                ? new Mapped(lead, outcome, List.of(), warnings)
                : new Mapped(null, null, errors, List.of());
    }

    static final String UNKNOWN_COUNTRY = "country is neither an ISO 3166 code (such as DE) nor a country name"
            + " (such as Germany): left empty; translate it in the mapping's values to keep it";

    /** The ISO code of a country given by code or name; an unknown value is left out with a warning. */
    private String country(long line, String country, List<RowError> warnings) {
        String code = Countries.code(country);
        if (code == null) {
            warnings.add(new RowError(line, mapping.columns().get("country"), country, UNKNOWN_COUNTRY));
        }
        return code;
    }

    private Outcome outcome(long line, Map<String, String> row, List<RowError> errors) {
        ImportMapping.Outcome mapped = mapping.outcome();
        if (mapped == null) {
            return null;
        }
        String code = null;
        if (mapped.column() != null) {
            String value = row.get(mapped.column()) == null
                    ? ""
                    : row.get(mapped.column()).strip();
            code = mapped.codes().containsKey(value)
                    ? mapped.codes().get(value)
                    : value.isEmpty() ? null : mapped.codes().get("*");
        }
        java.time.Instant handedOffAt = date(line, mapped.handedOffAt(), row, errors);
        if (code == null && handedOffAt == null) {
            return null; // not handed off in the source, or no outcome yet
        }
        java.time.Instant at = date(line, mapped.at(), row, errors);
        String rep = mapped.rep() == null ? null : mapping.value("rep", row.get(mapped.rep()));
        return new Outcome(code, at, handedOffAt, rep);
    }

    private static final List<java.time.format.DateTimeFormatter> DATES = List.of(
            java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME,
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));

    /** A date column's instant (dates and local times read as UTC), null when blank. */
    private static java.time.Instant date(long line, String column, Map<String, String> row, List<RowError> errors) {
        if (column == null || row.get(column) == null || row.get(column).isBlank()) {
            return null;
        }
        String text = row.get(column).strip();
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException notOffset) {
            // try the local forms
        }
        try {
            return java.time.LocalDate.parse(text)
                    .atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant();
        } catch (java.time.format.DateTimeParseException notDate) {
            // try the date-times
        }
        for (java.time.format.DateTimeFormatter format : DATES) {
            try {
                return java.time.LocalDateTime.parse(text, format).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException next) {
                // the next form
            }
        }
        errors.add(new RowError(line, column, text, "must be a date such as 2026-03-01 or 2026-03-01 14:30:00 (UTC)"));
        return null;
    }

    /** A whole number from text ("2822" or "2822.0"); anything else is an error naming the column. */
    private Integer whole(long line, String field, Map<String, String> text, List<RowError> errors) {
        String value = text.get(field);
        if (value == null) {
            return null;
        }
        try {
            double number = Double.parseDouble(value.replace("_", ""));
            if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) number;
        } catch (NumberFormatException e) {
            errors.add(new RowError(line, mapping.columns().get(field), value, field + " must be a whole number"));
            return null;
        }
    }

    /** Column names as attribute keys: no "." and no leading "$" (stored documents forbid them). */
    static String attributeKey(String column) {
        String key = column.strip().replace('.', '_');
        return key.startsWith("$") ? "_" + key.substring(1) : key;
    }
}
