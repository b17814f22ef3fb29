package io.leadgrade.reports;

import io.leadgrade.handoff.Handoff;
import io.leadgrade.handoff.HandoffStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What one handoff contributes to the reports, a pure function of its stored state: the day it was handed off, its
 * four dimensions, its cell (grade and tier at handoff, and disposition), and whether it is open, overdue, how many
 * opportunities it won and how long the first disposition took. The rollups add these up on every write; the raw
 * aggregation adds them up from the handoffs, and the two must agree exactly.
 *
 * @param cell "grade|tier|disposition", with "-" for no disposition yet
 * @param overdue open, and the SLA check has noted it past its due time
 * @param hoursBucket hours from assignment to first disposition (see {@link #bucket}), null without one
 */
record Facts(
        LocalDate day,
        String territory,
        String rep,
        String productLine,
        String source,
        String cell,
        boolean open,
        boolean overdue,
        int won,
        Integer hoursBucket) {

    static final String NONE = "-";

    static Facts of(Handoff handoff) {
        boolean open = handoff.status() == HandoffStatus.OPEN && handoff.firstDispositionAt() == null;
        Integer hours = null;
        if (handoff.firstDispositionAt() != null) {
            var from = handoff.assignedAt() != null ? handoff.assignedAt() : handoff.at();
            hours = bucket(Duration.between(from, handoff.firstDispositionAt()).toMinutes());
        }
        int won = 0;
        if (handoff.history() != null) {
            for (Handoff.Step step : handoff.history()) {
                if ("OPPORTUNITY_WON".equals(step.type())) {
                    won++;
                }
            }
        }
        return new Facts(
                handoff.at().atOffset(ZoneOffset.UTC).toLocalDate(),
                handoff.territory(),
                Grouping.REP.of(handoff),
                Grouping.PRODUCT_LINE.of(handoff),
                Grouping.SOURCE.of(handoff),
                cell(
                        handoff.grade(),
                        handoff.tier() == null ? NONE : handoff.tier().name(),
                        handoff.disposition() == null ? NONE : handoff.disposition()),
                open,
                open && handoff.overdueNoted(),
                won,
                hours);
    }

    /** The same facts with each dimension's value replaced by its report group (see {@link GroupValues}). */
    Facts grouped(GroupValues groups) {
        return new Facts(
                day,
                groups.group('t', territory),
                groups.group('r', rep),
                groups.group('p', productLine),
                groups.group('s', source),
                cell,
                open,
                overdue,
                won,
                hoursBucket);
    }

    static String cell(String grade, String tier, String disposition) {
        return grade + "|" + tier + "|" + disposition;
    }

    /** The value of one of the four dimensions: 't'erritory, 'r'ep, 'p'roduct line, 's'ource. */
    String dimension(char dimension) {
        return switch (dimension) {
            case 't' -> territory;
            case 'r' -> rep;
            case 'p' -> productLine;
            case 's' -> source;
            default -> throw new IllegalArgumentException("no dimension " + dimension);
        };
    }

    /**
     * Hours to a first disposition, kept in buckets so that a rollup stays small: whole hours below two days, six
     * hours below a week, days below 30 days, and 720 for 30 days or more. Negative durations (a disposition
     * recorded before a later reassignment) count as 0.
     */
    static int bucket(long minutes) {
        long hours = Math.max(0, minutes / 60);
        if (hours < 48) {
            return (int) hours;
        }
        if (hours < 168) {
            return (int) (48 + 6 * ((hours - 48) / 6));
        }
        if (hours < 720) {
            return (int) (24 * (hours / 24));
        }
        return 720;
    }
}
