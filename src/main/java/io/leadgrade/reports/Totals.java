package io.leadgrade.reports;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The sums over a set of handoffs that every report is computed from: handoffs per cell (grade, tier at handoff,
 * disposition), how many are open, overdue, opportunities won, and a histogram of hours to a first disposition.
 * Zero entries are dropped, so two equal sets of handoffs always give equal totals.
 */
final class Totals {

    private final Map<String, Long> cells = new TreeMap<>();
    private final Map<Integer, Long> hours = new TreeMap<>();
    private long open;
    private long overdue;
    private long won;

    void add(Facts facts, long sign) {
        addCell(facts.cell(), sign);
        open += facts.open() ? sign : 0;
        overdue += facts.overdue() ? sign : 0;
        won += sign * facts.won();
        if (facts.hoursBucket() != null) {
            addHours(facts.hoursBucket(), sign);
        }
    }

    void addCell(String cell, long count) {
        if (cells.merge(cell, count, Long::sum) == 0) {
            cells.remove(cell);
        }
    }

    void addHours(int bucket, long count) {
        if (hours.merge(bucket, count, Long::sum) == 0) {
            hours.remove(bucket);
        }
    }

    void addCounts(long open, long overdue, long won) {
        this.open += open;
        this.overdue += overdue;
        this.won += won;
    }

    void merge(Totals other) {
        other.cells.forEach(this::addCell);
        other.hours.forEach(this::addHours);
        addCounts(other.open, other.overdue, other.won);
    }

    Map<String, Long> cells() {
        return cells;
    }

    Map<Integer, Long> hours() {
        return hours;
    }

    long open() {
        return open;
    }

    long overdue() {
        return overdue;
    }

    long won() {
        return won;
    }

    long leads() {
        return count(cell -> true);
    }

    /** Handoffs whose cell passes the test; a cell is "grade|tier|disposition". */
    long count(Predicate<String[]> test) {
        long sum = 0;
        for (Map.Entry<String, Long> entry : cells.entrySet()) {
            if (test.test(entry.getKey().split("\\|", 3))) {
                sum += entry.getValue();
            }
        }
        return sum;
    }

    /** Median of the hours histogram (the mean of the middle two for an even count), null when empty. */
    Double medianHours() {
        long n = hours.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return null;
        }
        return (valueAt((n - 1) / 2) + valueAt(n / 2)) / 2.0;
    }

    private int valueAt(long index) {
        long seen = 0;
        for (Map.Entry<Integer, Long> entry : hours.entrySet()) {
            seen += entry.getValue();
            if (index < seen) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("index " + index + " beyond " + seen);
    }

    boolean isEmpty() {
        return cells.isEmpty() && hours.isEmpty() && open == 0 && overdue == 0 && won == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Totals that
                && cells.equals(that.cells)
                && hours.equals(that.hours)
                && open == that.open
                && overdue == that.overdue
                && won == that.won;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cells, hours, open, overdue, won);
    }

    @Override
    public String toString() {
        return "Totals{cells=" + cells + ", open=" + open + ", overdue=" + overdue + ", won=" + won + ", hours=" + hours
                + "}";
    }
}
