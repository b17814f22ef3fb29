package io.leadgrade.leads;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words a lead is found by: its names, email, company, title and external id, lower-case, accents folded
 * ("Müller" is found by "muller"), cut at anything that is not a letter or digit. Stored on the lead as
 * {@code searchKey}, an indexed array, so a search is an anchored prefix match per word on an index instead of an
 * unanchored case-insensitive regex over every lead.
 */
final class SearchKeys {

    /** The longest word kept: the index key stays small, and a prefix of it still finds the lead. */
    static final int MAX_WORD = 40;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchKeys() {}

    /** A lead's words: what {@link Lead} stores and {@link SearchKeyBackfill} gives leads stored before. */
    static List<String> ofLead(
            String firstName, String lastName, String email, String company, String title, String externalId) {
        return of(firstName, lastName, email, company, title, externalId);
    }

    /** The words of the given field values, each once, in order of appearance. */
    static List<String> of(String... values) {
        Set<String> words = new LinkedHashSet<>();
        for (String value : values) {
            words.addAll(words(value));
        }
        return List.copyOf(words);
    }

    /** The words of what a user typed: each must begin a word of the lead. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        for (String word : SEPARATORS.split(fold(text))) {
            if (!word.isEmpty()) {
                words.add(word.length() > MAX_WORD ? word.substring(0, MAX_WORD) : word);
            }
        }
        return words;
    }

    /** An email as the privacy lookup compares it: trimmed, lower-case, accents as given. */
    static String email(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
    }
}
