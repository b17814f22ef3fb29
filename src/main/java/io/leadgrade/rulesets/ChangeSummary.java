package io.leadgrade.rulesets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What a version changed against the one before it: files and rules added, removed or edited. */
record ChangeSummary(
        List<String> filesAdded,
        List<String> filesRemoved,
        List<String> filesChanged,
        List<String> rulesAdded,
        List<String> rulesRemoved) {

    static ChangeSummary between(
            Map<String, byte[]> before,
            Collection<String> rulesBefore,
            Map<String, byte[]> after,
            Collection<String> rulesAfter) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (var file : after.entrySet()) {
            byte[] old = before.get(file.getKey());
            if (old == null) {
                added.add(file.getKey());
            } else if (!Arrays.equals(old, file.getValue())) {
                changed.add(file.getKey());
            }
        }
        List<String> removed = before.keySet().stream()
                .filter(path -> !after.containsKey(path))
                .toList();
        return new ChangeSummary(
                added, removed, changed, minus(rulesAfter, rulesBefore), minus(rulesBefore, rulesAfter));
    }

    private static List<String> minus(Collection<String> these, Collection<String> those) {
        TreeSet<String> result = new TreeSet<>(these);
        result.removeAll(those);
        return List.copyOf(result);
    }
}
