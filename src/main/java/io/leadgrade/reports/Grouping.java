package io.leadgrade.reports;

import io.leadgrade.handoff.Handoff;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.function.Function;

/**
 * What a report groups handoffs by: one of the four dimensions, or a period. Periods are UTC days, ISO weeks (from
 * Monday) and months of the handoff.
 */
public enum Grouping {
    TERRITORY('t', null),
    REP('r', null),
    PRODUCT_LINE('p', null),
    SOURCE('s', null),
    DAY('\0', LocalDate::toString),
    WEEK(
            '\0',
            day -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString()),
    MONTH('\0', day -> day.toString().substring(0, 7));

    private final char dimension;
    private final Function<LocalDate, String> period;

    Grouping(char dimension, Function<LocalDate, String> period) {
        this.dimension = dimension;
        this.period = period;
    }

    /** 't', 'r', 'p' or 's' for a dimension; 0 for a period. */
    char dimension() {
        return dimension;
    }

    boolean isPeriod() {
        return period != null;
    }

    /** The period a day belongs to (for period groupings). */
    String period(LocalDate day) {
        return period.apply(day);
    }

    /** The group of a handoff's facts. */
    String of(Facts facts) {
        return isPeriod() ? period(facts.day()) : facts.dimension(dimension);
    }

    /** The group of a handoff, as {@link Facts} reads it. */
    String of(Handoff handoff) {
        return switch (this) {
            case TERRITORY -> handoff.territory();
            case REP -> handoff.repId() == null ? "(queued)" : handoff.repId();
            case PRODUCT_LINE -> blank(handoff.productLine());
            case SOURCE -> blank(handoff.source());
            default -> period(handoff.at().atOffset(ZoneOffset.UTC).toLocalDate());
        };
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? "(none)" : value;
    }
}
