package io.leadgrade.grading.engine;

import io.leadgrade.grading.RuleProblem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * The DRL behind each rule file: DRL files as written, decision tables as the rules they generate. Every line of
 * generated DRL maps back to the table row its values come from, so problems can be shown where the author wrote
 * them.
 */
final class RuleSources {

    private static final Pattern RULE_VALUES = Pattern.compile("rule values at [A-Z]+(\\d+)");
    private static final Pattern RULE_NAME = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

    /**
     * One rule file.
     *
     * @param table whether the DRL was generated from a decision table
     * @param authorLines for each DRL line (0-based), the line or table row (1-based) the author wrote, 0 if none
     */
    record Source(String path, String drl, boolean table, int[] authorLines) {

        int authorLine(int drlLine) {
            return drlLine >= 1 && drlLine <= authorLines.length ? authorLines[drlLine - 1] : 0;
        }
    }

    private RuleSources() {}

    /** The rule files among these (path relative to the rules folder); tables that cannot be read are skipped. */
    static List<Source> of(Map<String, byte[]> files) {
        List<Source> sources = new ArrayList<>();
        files.forEach((path, content) -> {
            String name = path.toLowerCase(Locale.ROOT);
            if (name.endsWith(".drl")) {
                String drl = new String(content, StandardCharsets.UTF_8);
                int lines = drl.split("\n", -1).length;
                int[] same = new int[lines];
                for (int i = 0; i < lines; i++) {
                    same[i] = i + 1;
                }
                sources.add(new Source(path, drl, false, same));
            } else if (name.endsWith(".drl.csv")) {
                table(path, content, InputType.CSV, sources);
            } else if (name.endsWith(".drl.xlsx") || name.endsWith(".drl.xls")) {
                table(path, content, InputType.XLS, sources);
            }
        });
        return sources;
    }

    /** Where each rule is defined: file and line (for tables, the row of the rule). */
    static Map<String, RuleProblem> locations(List<Source> sources) {
        Map<String, RuleProblem> locations = new LinkedHashMap<>();
        for (Source source : sources) {
            String[] lines = source.drl().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher rule = RULE_NAME.matcher(lines[i]);
                if (rule.find()) {
                    String name = rule.group(1) != null
                            ? rule.group(1)
                            : rule.group(2) != null ? rule.group(2) : rule.group(3);
                    RuleProblem location = new RuleProblem(source.path(), source.authorLine(i + 1), 0, name);
                    RuleProblem earlier = locations.putIfAbsent(name, location);
                    if (earlier != null) {
                        locations.put(name + "\u0000duplicate@" + source.path() + ":" + location.line(), location);
                    }
                }
            }
        }
        return locations;
    }

    private static void table(String path, byte[] content, InputType type, List<Source> sources) {
        String drl;
        try {
            drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(content), type);
        } catch (RuntimeException unreadable) {
            return; // the compiler reports a table it cannot read
        }
        String[] lines = drl.split("\n", -1);
        int[] rows = new int[lines.length];
        int row = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher values = RULE_VALUES.matcher(lines[i]);
            if (values.find()) {
                row = Integer.parseInt(values.group(1));
            }
            rows[i] = row;
        }
        sources.add(new Source(path, drl, true, rows));
    }
}
