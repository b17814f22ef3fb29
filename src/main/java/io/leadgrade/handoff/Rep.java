package io.leadgrade.handoff;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A sales rep: the territories they work, their capacity (leads per day, which is also their weight in the
 * round robin, and optionally a cap on open leads), and when they are away.
 *
 * @param maxOpenLeads at most this many handed-off leads without a disposition; null for no cap
 * @param awayFrom start of an absence (out of office), inclusive; null when none is planned
 * @param awayUntil end of the absence, exclusive
 */
@Document("reps")
public record Rep(
        @Id String id,
        String name,
        String email,
        List<String> territories,
        int dailyCapacity,
        Integer maxOpenLeads,
        Instant awayFrom,
        Instant awayUntil,
        boolean active,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {

    boolean availableAt(Instant now) {
        return active && (awayFrom == null || now.isBefore(awayFrom) || awayUntil != null && !now.isBefore(awayUntil));
    }
}
