package io.leadgrade.reports;

import io.leadgrade.handoff.Handoff;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.function.Function;

/** What a report groups handoffs by. Periods are UTC days, ISO weeks (from Monday) and months of the handoff. */
public enum Grouping {
    TERRITORY(handoff -> handoff.territory()),
    REP(handoff -> handoff.repId() == null ? "(queued)" : handoff.repId()),
    PRODUCT_LINE(handoff -> blank(handoff.productLine())),
    SOURCE(handoff -> blank(handoff.source())),
    GRADE(Handoff::grade),
    DAY(handoff -> day(handoff).toString()),
    WEEK(handoff -> day(handoff)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .toString()),
    MONTH(handoff -> day(handoff).withDayOfMonth(1).toString().substring(0, 7));

    private final Function<Handoff, String> key;

    Grouping(Function<Handoff, String> key) {
        this.key = key;
    }

    String of(Handoff handoff) {
        return key.apply(handoff);
    }

    private static LocalDate day(Handoff handoff) {
        return handoff.at().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? "(none)" : value;
    }
}
