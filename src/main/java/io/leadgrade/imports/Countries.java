package io.leadgrade.imports;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Countries as the rules expect them, ISO 3166 alpha-2 codes ("DE"), from what exports hold: the code in any case,
 * the alpha-3 code ("DEU"), or the country's name in English or a few other languages CRMs are kept in ("Germany",
 * "Deutschland", "Allemagne"). The names come from the JDK's locale data, so the list is maintained with the JDK.
 */
final class Countries {

    /** Languages whose country names are recognised, besides the codes. */
    private static final List<Locale> LANGUAGES = List.of(
            Locale.ENGLISH,
            Locale.GERMAN,
            Locale.FRENCH,
            Locale.ITALIAN,
            Locale.forLanguageTag("es"),
            Locale.forLanguageTag("pt"),
            Locale.forLanguageTag("nl"));

    private static final Map<String, String> BY_NAME = byName();

    private Countries() {}

    /** The alpha-2 code for what a file holds, or null when it names no country the JDK knows. */
    static String code(String text) {
        return text == null ? null : BY_NAME.get(key(text));
    }

    private static Map<String, String> byName() {
        Map<String, String> names = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale.Builder().setRegion(code).build();
            add(names, ambiguous, code, code);
            add(names, ambiguous, country.getISO3Country(), code);
            for (Locale language : LANGUAGES) {
                add(names, ambiguous, country.getDisplayCountry(language), code);
            }
        }
        // The United Kingdom's common abbreviation; ISO 3166 reserves UK for it.
        add(names, ambiguous, "UK", "GB");
        add(names, ambiguous, "USA", "US");
        add(names, ambiguous, "United States of America", "US");
        ambiguous.forEach(names::remove);
        return Map.copyOf(names);
    }

    private static void add(Map<String, String> names, Set<String> ambiguous, String name, String code) {
        if (name == null || name.isBlank()) {
            return;
        }
        String previous = names.putIfAbsent(key(name), code);
        if (previous != null && !previous.equals(code)) {
            ambiguous.add(key(name)); // a name two countries share says neither
        }
    }

    /** Case, accents, punctuation and spacing do not matter: "Côte d’Ivoire" is "cote d ivoire". */
    private static String key(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
    }
}
