package io.leadgrade.grading;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a lead did, summarised for grading: per activity type the lifetime count, the first and last time, and a
 * count per UTC day for the last {@value #RETENTION_DAYS} days. Rules read windows and decayed values computed
 * from these day counts, so a lead with 10,000 events costs the engine no more than one with ten.
 *
 * @param types one entry per activity type the lead ever had, ordered by type
 */
public record ActivityDigest(List<TypeHistory> types) {

    /** Days of per-day counts kept; windows and decay look back at most this far. */
    public static final int RETENTION_DAYS = 400;

    public static final ActivityDigest NONE = new ActivityDigest(List.of());

    public ActivityDigest {
        types = types == null ? List.of() : List.copyOf(types);
    }

    public boolean isEmpty() {
        return types.isEmpty();
    }

    /** The history of one type, or null when the lead never had it. */
    public TypeHistory of(String type) {
        for (TypeHistory history : types) {
            if (history.type().equals(type)) {
                return history;
            }
        }
        return null;
    }

    /** The most recent activity of any type, or null. */
    public Instant lastActivity() {
        return types.stream()
                .map(TypeHistory::last)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    /** This digest with {@code count} more events of a type at one moment. */
    public ActivityDigest plus(String type, Instant at, int count) {
        List<TypeHistory> next = new ArrayList<>(types.size() + 1);
        boolean found = false;
        for (TypeHistory history : types) {
            if (history.type().equals(type)) {
                next.add(history.plus(at, count));
                found = true;
            } else {
                next.add(history);
            }
        }
        if (!found) {
            next.add(new TypeHistory(type, 0, null, null, List.of(), List.of()).plus(at, count));
            next.sort(Comparator.comparing(TypeHistory::type));
        }
        return new ActivityDigest(next);
    }

    /** The UTC day number (days since 1970-01-01) of an instant. */
    public static int dayOf(Instant at) {
        return (int) at.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    }

    /**
     * One activity type of a lead.
     *
     * @param total events ever, including those older than the per-day counts
     * @param days UTC day numbers with at least one event, ascending, for the last {@value #RETENTION_DAYS} days
     *     before the latest event
     * @param counts events on each of those days
     */
    public record TypeHistory(
            String type, long total, Instant first, Instant last, List<Integer> days, List<Integer> counts) {

        public TypeHistory {
            days = days == null ? List.of() : List.copyOf(days);
            counts = counts == null ? List.of() : List.copyOf(counts);
            if (days.size() != counts.size()) {
                throw new IllegalArgumentException("days and counts differ in length");
            }
        }

        TypeHistory plus(Instant at, int count) {
            int day = dayOf(at);
            List<Integer> nextDays = new ArrayList<>(days.size() + 1);
            List<Integer> nextCounts = new ArrayList<>(days.size() + 1);
            boolean placed = false;
            for (int i = 0; i < days.size(); i++) {
                int existing = days.get(i);
                if (!placed && existing >= day) {
                    if (existing == day) {
                        nextDays.add(day);
                        nextCounts.add(counts.get(i) + count);
                        placed = true;
                        continue;
                    }
                    nextDays.add(day);
                    nextCounts.add(count);
                    placed = true;
                }
                nextDays.add(existing);
                nextCounts.add(counts.get(i));
            }
            if (!placed) {
                nextDays.add(day);
                nextCounts.add(count);
            }
            // Keep the retention window behind the newest day; older events stay in the total only.
            int oldestKept = nextDays.get(nextDays.size() - 1) - RETENTION_DAYS + 1;
            int drop = 0;
            while (drop < nextDays.size() && nextDays.get(drop) < oldestKept) {
                drop++;
            }
            return new TypeHistory(
                    type,
                    total + count,
                    first == null || at.isBefore(first) ? at : first,
                    last == null || at.isAfter(last) ? at : last,
                    nextDays.subList(drop, nextDays.size()),
                    nextCounts.subList(drop, nextCounts.size()));
        }
    }
}
