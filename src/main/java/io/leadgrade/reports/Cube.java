package io.leadgrade.reports;

import java.util.SortedMap;
import java.util.TreeMap;

/** What a report reads: the totals of all selected handoffs, and per group. */
record Cube(Totals total, SortedMap<String, Totals> groups) {

    static Cube empty() {
        return new Cube(new Totals(), new TreeMap<>());
    }

    void add(String group, Facts facts) {
        total.add(facts, 1);
        groups.computeIfAbsent(group, g -> new Totals()).add(facts, 1);
    }
}
