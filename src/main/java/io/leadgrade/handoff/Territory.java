package io.leadgrade.handoff;

import io.leadgrade.grading.TerritoryProfile;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A sales territory: what the routing rules know of it (countries, regions, segments, product lines; an empty list
 * means any) and whether it takes leads.
 */
@Document("territories")
public record Territory(
        @Id String id,
        String name,
        List<String> countries,
        List<String> regions,
        List<String> segments,
        List<String> productLines,
        boolean active,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {

    TerritoryProfile profile() {
        return new TerritoryProfile(id, countries, regions, segments, productLines);
    }
}
