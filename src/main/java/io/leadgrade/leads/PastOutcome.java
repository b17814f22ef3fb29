package io.leadgrade.leads;

import java.time.Instant;

/**
 * What another system recorded about a lead it handed to sales (an import of history): when it handed the lead off,
 * to which rep (null when it names none), the outcome code sales gave it (null when none yet) and when. Each module
 * records its part from it: the lead as of the handoff, the handoff, the disposition.
 */
public record PastOutcome(Instant handedOffAt, String repId, String code, Instant closedAt) {

    /**
     * From a source row: the handoff date or, without one, the close date or else now; a close date missing or
     * before the handoff counts as the handoff's.
     */
    public static PastOutcome of(Instant handedOffAt, String repId, String code, Instant closedAt, Instant now) {
        Instant handed = handedOffAt != null ? handedOffAt : closedAt != null ? closedAt : now;
        Instant closed = closedAt != null && !closedAt.isBefore(handed) ? closedAt : handed;
        return new PastOutcome(handed, repId, code, closed);
    }
}
