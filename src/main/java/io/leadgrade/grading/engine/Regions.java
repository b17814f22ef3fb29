package io.leadgrade.grading.engine;

import java.util.HashMap;
import java.util.Map;

/** Sales regions by ISO 3166 country code: AMER (the Americas), EMEA, APAC; UNKNOWN for anything else. */
final class Regions {

    private static final Map<String, String> BY_COUNTRY = new HashMap<>();

    static {
        put("AMER", "US CA MX BR AR CL CO PE VE EC UY PY BO CR PA GT HN SV NI DO PR JM TT BS BB BZ HT CU GY SR");
        put(
                "EMEA",
                "GB UK IE FR DE AT CH NL BE LU DK SE NO FI IS ES PT IT MT GR CY PL CZ SK HU SI HR RO BG RS BA ME MK AL"
                        + " EE LV LT UA BY MD RU TR IL AE SA QA KW BH OM JO LB EG MA TN DZ NG KE ZA GH ET TZ UG CI SN"
                        + " IR IQ");
        put("APAC", "AU NZ JP CN HK TW KR SG MY TH ID PH VN IN PK BD LK NP KH LA MM MN BN FJ PG MO");
    }

    private Regions() {}

    private static void put(String region, String countries) {
        for (String country : countries.split(" ")) {
            BY_COUNTRY.put(country, region);
        }
    }

    static String of(String country) {
        return BY_COUNTRY.getOrDefault(country, "UNKNOWN");
    }
}
