package io.leadgrade.grading.engine;

import io.leadgrade.grading.TerritoryProfile;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.kie.api.definition.type.ClassReactive;

/**
 * An active territory as routing rules see it; each of its lists, when not empty, must contain the lead's value.
 * Immutable, so class reactivity (rather than per-property) costs nothing and saves Drools a warning per build.
 */
@ClassReactive
public final class RoutingTerritory {

    private final String id;
    private final Set<String> countries;
    private final Set<String> regions;
    private final Set<String> segments;
    private final Set<String> productLines;

    RoutingTerritory(TerritoryProfile profile) {
        this.id = profile.id();
        this.countries = normalised(profile.countries(), true);
        this.regions = normalised(profile.regions(), true);
        this.segments = normalised(profile.segments(), true);
        this.productLines = normalised(profile.productLines(), false);
    }

    /** Whether every list the territory sets contains the lead's country, region, segment and product line. */
    public boolean covers(RoutingLead lead) {
        return (countries.isEmpty() || countries.contains(lead.getCountry()))
                && (regions.isEmpty() || regions.contains(lead.getRegion()))
                && (segments.isEmpty() || segments.contains(lead.getSegment()))
                && (productLines.isEmpty() || productLines.contains(lead.getProductLine()));
    }

    /** How many lists it sets: a territory for "EMEA enterprise" is more specific than one for "EMEA". */
    public int specificity() {
        return (countries.isEmpty() ? 0 : 1)
                + (regions.isEmpty() ? 0 : 1)
                + (segments.isEmpty() ? 0 : 1)
                + (productLines.isEmpty() ? 0 : 1);
    }

    public String getId() {
        return id;
    }

    private static Set<String> normalised(List<String> values, boolean upper) {
        return values.stream()
                .map(value -> upper
                        ? value.trim().toUpperCase(Locale.ROOT)
                        : value.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
