package io.leadgrade.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules for free-form maps (lead attributes, activity properties): keys of at most 100 characters without "."
 * or a leading "$" (the store gives those a meaning), and flat values: text of at most 1000 characters, numbers,
 * true/false, null, or a list of at most 100 of those. Nested objects are refused: rules cannot read them, and
 * nesting is how hostile input makes a store choke.
 */
public final class FreeFormValues {

    static final int MAX_TEXT = 1000;
    static final int MAX_LIST = 100;
    private static final String ALLOWED =
            "must be text (at most 1000 characters), a number, true/false, null, or a list"
                    + " of at most 100 of those";

    private FreeFormValues() {}

    /** Throws a 400 naming every bad key and value ({@code field.key}). */
    public static void require(String field, Map<String, Object> values) {
        List<FieldProblem> problems = new ArrayList<>();
        check(field, values, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /** Adds a problem for every bad key and value. */
    public static void check(String field, Map<String, Object> values, List<FieldProblem> problems) {
        if (values == null) {
            return;
        }
        values.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 100 || key.contains(".") || key.startsWith("$")) {
                problems.add(new FieldProblem(
                        field, "keys must have 1 to 100 characters, no \".\" and no leading \"$\"", key));
            } else if (!flat(value, true)) {
                problems.add(new FieldProblem(field + "." + key, ALLOWED, null));
            }
        });
    }

    private static boolean flat(Object value, boolean listAllowed) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof String text) {
            return text.length() <= MAX_TEXT;
        }
        if (listAllowed && value instanceof List<?> list) {
            return list.size() <= MAX_LIST && list.stream().allMatch(item -> flat(item, false));
        }
        return false;
    }
}
