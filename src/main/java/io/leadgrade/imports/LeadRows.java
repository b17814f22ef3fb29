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

    /** A row's lead, or its errors. */
    record Mapped(LeadRequest lead, List<RowError> errors) {}

    private final ImportMapping mapping;
    private final Validator validator;

    LeadRows(ImportMapping mapping, Validator validator) {
        this.mapping = mapping;
        this.validator = validator;
    }

    Mapped map(long line, Map<String, String> row) {
        List<RowError> errors = new ArrayList<>();
        Map<String, String> text = new LinkedHashMap<>();
        mapping.columns().forEach((field, column) -> text.put(field, mapping.value(field, row.get(column))));
        Integer companySize = whole(line, "companySize", text, errors);
        Integer[] counters = new Integer[COUNTERS.size()];
        boolean anyCounter = false;
        for (int i = 0; i < COUNTERS.size(); i++) {
            counters[i] = whole(line, COUNTERS.get(i), text, errors);
            anyCounter |= counters[i] != null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (mapping.unmappedAsAttributes()) {
            for (Map.Entry<String, String> cell : row.entrySet()) {
                if (!mapping.columns().containsValue(cell.getKey())
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
        return errors.isEmpty() ? new Mapped(lead, List.of()) : new Mapped(null, errors);
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
