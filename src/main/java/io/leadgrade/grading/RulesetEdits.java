package io.leadgrade.grading;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a change of points and of the letter and digit thresholds into a ruleset's own files, as a person would:
 * the literal points of a DRL rule ({@code addFit( drools, 15 )}), the points cell of a decision-table row, the
 * "from" and "below" cells of the threshold tables. Files are edited line by line, so everything else (comments,
 * conditions, order) stays as written and the diff shows only the numbers that changed.
 *
 * <p>A rule whose points are not one literal (computed, or given by several actions) is not edited and is listed in
 * {@code notWritten}; so is a threshold table that is not laid out as "from, below, letter".
 */
public final class RulesetEdits {

    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern POINTS =
            Pattern.compile("(add(?:Fit|Engagement)\\(\\s*drools\\s*,\\s*)(-?\\d+)(\\s*\\))");
    private static final Pattern THRESHOLD_NAME = Pattern.compile("^(Fit|Engagement) (\\S+) \\(.*\\)$");

    /**
     * @param files the edited ruleset
     * @param written one line per change made, "fit.drl: Manager title +15 -> -10"
     * @param notWritten changes that could not be made, with why
     */
    public record Edited(RulesetFiles files, List<String> written, List<String> notWritten) {}

    private RulesetEdits() {}

    /**
     * @param points new points by rule name
     * @param letters new "from" threshold by letter (the lowest letter has none); empty to keep them
     * @param digits new "from" threshold by digit; empty to keep them
     */
    public static Edited apply(
            RulesetFiles ruleset,
            Map<String, Integer> points,
            Map<Character, Integer> letters,
            Map<Character, Integer> digits) {
        Map<String, byte[]> files = new TreeMap<>(ruleset.files());
        List<String> written = new ArrayList<>();
        Map<String, Integer> pending = new TreeMap<>(points);
        files.replaceAll((path, content) -> {
            String text = new String(content, StandardCharsets.UTF_8);
            String edited = text;
            if (path.endsWith(".drl")) {
                edited = drl(path, text, pending, written);
            } else if (path.endsWith(".drl.csv") || path.endsWith(".csv") && !path.startsWith("tests/")) {
                edited = table(path, text, pending, letters, digits, written);
            }
            return edited.equals(text) ? content : edited.getBytes(StandardCharsets.UTF_8);
        });
        List<String> notWritten = new ArrayList<>();
        pending.forEach((rule, value) -> notWritten.add(
                rule + ": no rule of that name gives one literal number of points (a DRL addFit/addEngagement or a"
                        + " decision-table points cell); change it by hand to " + value));
        if (!letters.isEmpty() && written.stream().noneMatch(line -> line.contains(": Fit "))) {
            notWritten.add("fit letters: no threshold table (\"Fit points from\", \"below\", letter) found");
        }
        if (!digits.isEmpty() && written.stream().noneMatch(line -> line.contains(": Engagement "))) {
            notWritten.add(
                    "engagement digits: no threshold table (\"Engagement points from\", \"below\", digit) found");
        }
        return new Edited(new RulesetFiles(files), written, notWritten);
    }

    private static String drl(String path, String text, Map<String, Integer> pending, List<String> written) {
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher rule = RULE.matcher(lines[i]);
            if (!rule.find() || !pending.containsKey(rule.group(1))) {
                i++;
                continue;
            }
            String name = rule.group(1);
            int end = i + 1;
            while (end < lines.length && !lines[end].trim().equals("end")) {
                end++;
            }
            List<Integer> at = new ArrayList<>();
            for (int j = i; j < end; j++) {
                Matcher m = POINTS.matcher(lines[j]);
                while (m.find()) {
                    at.add(j);
                }
            }
            if (at.size() == 1) {
                int j = at.get(0);
                Matcher m = POINTS.matcher(lines[j]);
                m.find();
                int value = pending.remove(name);
                written.add(String.format("%s: %s %+d -> %+d", path, name, Integer.parseInt(m.group(2)), value));
                lines[j] = lines[j].substring(0, m.start(2)) + value + lines[j].substring(m.end(2));
            }
            i = end;
        }
        return String.join("\n", lines);
    }

    /** A decision table: rows named by their first cell; the columns are read from the table's header rows. */
    private static String table(
            String path,
            String text,
            Map<String, Integer> pending,
            Map<Character, Integer> letters,
            Map<Character, Integer> digits,
            List<String> written) {
        String[] lines = text.split("\n", -1);
        int pointsColumn = -1;
        String thresholds = null; // "Fit" or "Engagement" inside a threshold table
        List<String[]> rows = new ArrayList<>();
        for (String line : lines) {
            rows.add(cells(line));
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i);
            String first = cells.length == 0 ? "" : cells[0].trim();
            if (first.startsWith("RuleTable")) {
                pointsColumn = -1;
                thresholds = null;
                continue;
            }
            if (cells.length > 1 && first.isEmpty() && pointsColumn < 0 && thresholds == null) {
                // The template row: the action with $param that adds points, or a letter/digit decision.
                for (int c = 1; c < cells.length; c++) {
                    String template = cells[c];
                    if (template.matches(".*add(Fit|Engagement)\\(\\s*drools\\s*,\\s*\\$param\\s*\\).*")) {
                        pointsColumn = c;
                    } else if (template.contains(".letter(")) {
                        thresholds = "Fit";
                    } else if (template.contains(".digit(")) {
                        thresholds = "Engagement";
                    }
                }
                continue;
            }
            if (first.isEmpty() || first.equals("NAME") || first.equals("Rule")) {
                continue;
            }
            if (pointsColumn > 0 && pending.containsKey(first) && pointsColumn < cells.length) {
                String old = cells[pointsColumn].trim();
                if (old.matches("-?\\d+")) {
                    int value = pending.remove(first);
                    cells[pointsColumn] = String.valueOf(value);
                    lines[i] = line(cells);
                    written.add(String.format("%s: %s %+d -> %+d", path, first, Integer.parseInt(old), value));
                }
            } else if (thresholds != null && cells.length >= 4) {
                Map<Character, Integer> table = thresholds.equals("Fit") ? letters : digits;
                String step = cells[3].trim();
                if (table.isEmpty() || step.length() != 1) {
                    continue;
                }
                char s = step.charAt(0);
                Integer from = table.get(s);
                Integer below = above(table, s);
                String was = cells[1].trim() + "/" + cells[2].trim();
                cells[1] = from == null ? "" : String.valueOf(from);
                cells[2] = below == null ? "" : String.valueOf(below);
                Matcher named = THRESHOLD_NAME.matcher(first);
                if (named.matches()) {
                    cells[0] = named.group(1) + " " + named.group(2) + " (" + describe(from, below) + ")";
                }
                String now = cells[1] + "/" + cells[2];
                if (!now.equals(was) || !cells[0].equals(first)) {
                    lines[i] = line(cells);
                    written.add(path + ": " + thresholds + " " + s + " from/below " + was + " -> " + now);
                }
            }
        }
        return String.join("\n", lines);
    }

    /** The threshold of the next better step: what this one is below. */
    private static Integer above(Map<Character, Integer> table, char step) {
        Integer result = null;
        for (var entry : table.entrySet()) {
            if (entry.getKey() < step) {
                result = entry.getValue(); // the last better step is the nearest one
            }
        }
        return result;
    }

    private static String describe(Integer from, Integer below) {
        if (from == null) {
            return "below " + below + " points";
        }
        if (below == null) {
            return from + " points and more";
        }
        return from + " to " + (below - 1) + " points";
    }

    /** One line of a decision table as its cells (RFC 4180 quoting; a table's cells never span lines). */
    private static String[] cells(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (text.isBlank()) {
            return new String[0];
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }

    private static String line(String[] cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            if (i > 0) {
                line.append(',');
            }
            if (cell.contains(",") || cell.contains("\"")) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        return line.toString();
    }
}
