package io.leadgrade.grading.engine;

import io.leadgrade.grading.LeadData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lead's explicit data as fit rules see it: text normalised to lower case (country to upper case), missing
 * values as empty strings or 0, so rules never have to guard against null.
 */
public final class LeadProfile {

    // Rules pass the same phrases for every lead: split them once.
    private static final Map<String, String[]> PHRASES = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_PHRASES = 10_000;

    private final String title;
    private final String[] titleWords;
    private final String emailDomain;
    private final String company;
    private final int companySize;
    private final String industry;
    private final String country;
    private final String productLine;
    private final String source;
    private final Map<String, Object> attributes;

    public LeadProfile(LeadData data) {
        this.title = lower(data.title());
        this.titleWords = words(title);
        this.emailDomain = domainOf(lower(data.email()));
        this.company = lower(data.company());
        this.companySize = data.companySize() == null ? 0 : data.companySize();
        this.industry = lower(data.industry());
        this.country = data.country() == null ? "" : data.country().trim().toUpperCase(Locale.ROOT);
        this.productLine = lower(data.productLine());
        this.source = lower(data.source());
        this.attributes = data.attributes();
    }

    /**
     * True when the title contains any of the given words or phrases as whole words, ignoring case: {@code
     * titleMentions("vp", "vice president")} matches "VP Marketing" and "Vice President, Sales" but not "MVP".
     */
    public boolean titleMentions(String... phrases) {
        for (String phrase : phrases) {
            if (isPlainWord(phrase) ? containsWord(phrase) : containsPhrase(phraseWords(phrase))) {
                return true;
            }
        }
        return false;
    }

    // Most phrases are one lower-case word: compare them directly, without splitting or looking anything up.
    private static boolean isPlainWord(String phrase) {
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return !phrase.isEmpty();
    }

    private boolean containsWord(String word) {
        for (String titleWord : titleWords) {
            if (titleWord.equals(word)) {
                return true;
            }
        }
        return false;
    }

    private static String[] phraseWords(String phrase) {
        String[] words = PHRASES.get(phrase);
        if (words == null) {
            words = words(phrase.toLowerCase(Locale.ROOT));
            if (PHRASES.size() < MAX_CACHED_PHRASES) {
                PHRASES.put(phrase, words);
            }
        }
        return words;
    }

    private boolean containsPhrase(String[] phrase) {
        int last = titleWords.length - phrase.length;
        for (int start = 0; start <= last; start++) {
            int matched = 0;
            while (matched < phrase.length && titleWords[start + matched].equals(phrase[matched])) {
                matched++;
            }
            if (matched == phrase.length) {
                return true;
            }
        }
        return false;
    }

    /** Splits lower-case text into words of letters and digits; everything else separates words. */
    private static String[] words(String text) {
        List<String> words = new ArrayList<>(6);
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean wordChar = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
        }
        return words.toArray(String[]::new);
    }

    /** A free-form attribute by name, or null. */
    public Object attribute(String name) {
        return attributes.get(name);
    }

    public String getTitle() {
        return title;
    }

    public String getEmailDomain() {
        return emailDomain;
    }

    public String getCompany() {
        return company;
    }

    /** Employees; 0 when unknown. */
    public int getCompanySize() {
        return companySize;
    }

    public String getIndustry() {
        return industry;
    }

    /** ISO 3166 alpha-2 code in upper case, empty when unknown. */
    public String getCountry() {
        return country;
    }

    public String getProductLine() {
        return productLine;
    }

    public String getSource() {
        return source;
    }

    public Map<String, Object> getAttributes() {
        return attributes;
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    private static String domainOf(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1);
    }
}
