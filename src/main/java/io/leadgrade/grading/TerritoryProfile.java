package io.leadgrade.grading;

import java.util.List;

/**
 * What routing rules know of a territory: the countries, regions, company-size segments and product lines it
 * covers. An empty list means "any".
 */
public record TerritoryProfile(
        String id, List<String> countries, List<String> regions, List<String> segments, List<String> productLines) {

    public TerritoryProfile {
        countries = countries == null ? List.of() : List.copyOf(countries);
        regions = regions == null ? List.of() : List.copyOf(regions);
        segments = segments == null ? List.of() : List.copyOf(segments);
        productLines = productLines == null ? List.of() : List.copyOf(productLines);
    }
}
