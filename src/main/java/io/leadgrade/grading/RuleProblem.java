package io.leadgrade.grading;

/**
 * A problem found in a ruleset file, located as precisely as the compiler allows.
 *
 * @param file path relative to the rules folder, e.g. "fit.drl"
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong, in the compiler's words
 */
public record RuleProblem(String file, int line, int column, String message) {

    /** "fit.drl:12:5: message", the form editors and terminals link to. */
    @Override
    public String toString() {
        StringBuilder location = new StringBuilder(file);
        if (line > 0) {
            location.append(':').append(line);
            if (column > 0) {
                location.append(':').append(column);
            }
        }
        return location + ": " + message;
    }
}
