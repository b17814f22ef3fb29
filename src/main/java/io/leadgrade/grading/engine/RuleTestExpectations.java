package io.leadgrade.grading.engine;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * "Accept these results as the expected ones": writes what a ruleset actually gives each failing rule-test case into
 * that case's {@code expect:} block, so a change of points can be tried and reviewed without editing tests by hand.
 *
 * <p>The test files are edited as text, line by line, not re-serialised: the comments, the order and every case
 * that passed stay as written, and the user reviews a diff of exactly the values that changed. Only the expectations
 * a case already states are rewritten (grade, tier, mql, model, territory, fired); a case the ruleset could not grade
 * at all (a gap in the thresholds) is left as it is and listed as skipped.
 */
public final class RuleTestExpectations {

    private static final Pattern CASE = Pattern.compile("^(\\s*)- name:\\s*(.*)$");
    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z]+):(.*)$");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ()+&'./-]*");
    private static final Set<String> FIELDS = Set.of("grade", "tier", "mql", "model", "territory", "fired");

    /**
     * @param files the ruleset with its test files rewritten
     * @param accepted one line per case whose expectations changed, "tests/default.yml: name: grade B1 -> A2"
     * @param skipped cases that failed but cannot be accepted, with why
     */
    public record Accepted(RulesetFiles files, List<String> accepted, List<String> skipped) {}

    private RuleTestExpectations() {}

    public static Accepted accept(RulesetFiles files, List<RuleTestResult> results) {
        Map<String, Map<String, RuleTestResult>> failedByFile = new TreeMap<>();
        for (RuleTestResult result : results) {
            if (!result.passed()) {
                failedByFile
                        .computeIfAbsent(result.file(), f -> new LinkedHashMap<>())
                        .put(result.name(), result);
            }
        }
        Map<String, byte[]> rewritten = new TreeMap<>(files.files());
        List<String> accepted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        failedByFile.forEach((file, failed) -> {
            byte[] content = files.files().get(file);
            if (content == null) {
                return;
            }
            String text = new String(content, StandardCharsets.UTF_8);
            String edited = rewrite(file, text, failed, accepted, skipped);
            rewritten.put(file, edited.getBytes(StandardCharsets.UTF_8));
        });
        return new Accepted(new RulesetFiles(rewritten), accepted, skipped);
    }

    private static String rewrite(
            String file, String text, Map<String, RuleTestResult> failed, List<String> accepted, List<String> skipped) {
        boolean endsWithNewline = text.endsWith("\n");
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (endsWithNewline) {
            lines.remove(lines.size() - 1);
        }
        int i = 0;
        while (i < lines.size()) {
            Matcher start = CASE.matcher(lines.get(i));
            if (!start.matches()) {
                i++;
                continue;
            }
            int caseIndent = start.group(1).length();
            String name = scalar(start.group(2));
            int end = i + 1;
            while (end < lines.size() && !startsCaseAt(lines.get(end), caseIndent)) {
                end++;
            }
            RuleTestResult result = name == null ? null : failed.get(name);
            if (result != null) {
                if (result.grade() == null) {
                    skipped.add(file + ": " + name + ": not graded (" + String.join("; ", result.mismatches()) + ")");
                } else {
                    List<String> changes = new ArrayList<>();
                    end = rewriteExpect(lines, i + 1, end, actual(result), changes);
                    if (!changes.isEmpty()) {
                        accepted.add(file + ": " + name + ": " + String.join(", ", changes));
                    }
                }
            }
            i = end;
        }
        return String.join("\n", lines) + (endsWithNewline ? "\n" : "");
    }

    private static boolean startsCaseAt(String line, int indent) {
        Matcher start = CASE.matcher(line);
        return start.matches() && start.group(1).length() <= indent;
    }

    /** Rewrites the expectations of one case (lines {@code from} to {@code to}); answers the case's new end. */
    private static int rewriteExpect(
            List<String> lines, int from, int to, Map<String, String> actual, List<String> changes) {
        int expect = -1;
        int expectIndent = 0;
        for (int j = from; j < to; j++) {
            Matcher key = KEY.matcher(lines.get(j));
            if (key.matches() && key.group(2).equals("expect") && key.group(3).isBlank()) {
                expect = j;
                expectIndent = key.group(1).length();
                break;
            }
        }
        if (expect < 0) {
            return to;
        }
        int j = expect + 1;
        while (j < to && (lines.get(j).isBlank() || indent(lines.get(j)) > expectIndent)) {
            Matcher key = KEY.matcher(lines.get(j));
            if (!key.matches() || !FIELDS.contains(key.group(2)) || !actual.containsKey(key.group(2))) {
                j++;
                continue;
            }
            int keyIndent = key.group(1).length();
            // A value may go on over the following, deeper lines (a block list of fired rules).
            int valueEnd = j + 1;
            while (valueEnd < to
                    && !lines.get(valueEnd).isBlank()
                    && indent(lines.get(valueEnd)) > keyIndent
                    && !lines.get(valueEnd).trim().startsWith("#")) {
                valueEnd++;
            }
            String field = key.group(2);
            StringBuilder written = new StringBuilder(key.group(3));
            for (int k = j + 1; k < valueEnd; k++) {
                written.append('\n').append(lines.get(k));
            }
            String now = actual.get(field);
            if (!same(written.toString(), now)) {
                lines.set(j, key.group(1) + field + ": " + now);
                for (int k = valueEnd - 1; k > j; k--) {
                    lines.remove(k);
                }
                int removed = valueEnd - j - 1;
                to -= removed;
                changes.add(field + " " + brief(written.toString()) + " -> " + now);
            }
            j++;
        }
        return to;
    }

    /** Whether what is written means the same as the actual value (lists compared as sets of rule names). */
    private static boolean same(String written, String actual) {
        try {
            Object before = new Yaml(new SafeConstructor(new LoaderOptions())).load(written);
            Object after = new Yaml(new SafeConstructor(new LoaderOptions())).load(actual);
            if (before instanceof List<?> a && after instanceof List<?> b) {
                return new java.util.TreeSet<>(a.stream().map(String::valueOf).toList())
                        .equals(new java.util.TreeSet<>(
                                b.stream().map(String::valueOf).toList()));
            }
            return String.valueOf(before).equals(String.valueOf(after));
        } catch (YAMLException e) {
            return false;
        }
    }

    private static String brief(String written) {
        String flat = written.replaceAll("\\s*\n\\s*", " ").trim();
        return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
    }

    /** What the ruleset gave the case, written as YAML values. */
    private static Map<String, String> actual(RuleTestResult result) {
        Grade grade = result.grade();
        Map<String, String> actual = new LinkedHashMap<>();
        actual.put("grade", grade.grade());
        actual.put("tier", grade.tier().name());
        actual.put("mql", String.valueOf(grade.mql()));
        actual.put("model", quoted(grade.model()));
        List<String> fired = new ArrayList<>();
        RuleTests.pointsRulesFired(grade).forEach(rule -> fired.add(quoted(rule)));
        actual.put("fired", "[" + String.join(", ", fired) + "]");
        for (String mismatch : result.mismatches()) {
            // Routing is not part of the grade: its actual value is the one the mismatch names.
            if (mismatch.startsWith("territory: expected ")) {
                actual.put("territory", quoted(mismatch.substring(mismatch.lastIndexOf(", got ") + 6)));
            }
        }
        return actual;
    }

    private static String quoted(String value) {
        if (PLAIN.matcher(value).matches() && !value.endsWith(" ") && !isYamlWord(value)) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Words YAML would read as something other than text. */
    private static boolean isYamlWord(String value) {
        return value.matches("(?i)true|false|yes|no|on|off|null|~|[-+]?[0-9.]+");
    }

    private static String scalar(String written) {
        try {
            Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(written);
            return value == null ? null : String.valueOf(value);
        } catch (YAMLException e) {
            return null;
        }
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
