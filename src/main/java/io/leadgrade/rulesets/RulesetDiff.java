package io.leadgrade.rulesets;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Unified diffs between the files of two ruleset versions, one entry per file that differs. Public for the feedback
 * module, which shows its tuned candidate as a diff against the active version.
 */
public final class RulesetDiff {

    public record FileDiff(String path, String diff) {}

    private RulesetDiff() {}

    public static List<FileDiff> between(Map<String, byte[]> before, Map<String, byte[]> after) {
        List<FileDiff> diffs = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            byte[] old = before.get(path);
            byte[] now = after.get(path);
            if (old != null && now != null && Arrays.equals(old, now)) {
                continue;
            }
            String oldText = text(old);
            String newText = text(now);
            if (oldText == null || newText == null) {
                diffs.add(new FileDiff(
                        path, "binary file " + (old == null ? "added" : now == null ? "removed" : "changed")));
                continue;
            }
            List<String> oldLines =
                    oldText.isEmpty() ? List.of() : oldText.lines().toList();
            List<String> newLines =
                    newText.isEmpty() ? List.of() : newText.lines().toList();
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
                    old == null ? "/dev/null" : "a/" + path,
                    now == null ? "/dev/null" : "b/" + path,
                    oldLines,
                    DiffUtils.diff(oldLines, newLines),
                    3);
            diffs.add(new FileDiff(path, String.join("\n", unified)));
        }
        return diffs;
    }

    /** The file as UTF-8 text, "" when absent, null when it is not text (a spreadsheet). */
    private static String text(byte[] content) {
        if (content == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
    }
}
