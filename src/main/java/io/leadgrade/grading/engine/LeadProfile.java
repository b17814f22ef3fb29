package io.leadgrade.grading.engine;

import io.leadgrade.grading.LeadData;
import java.util.Locale;
import java.util.Map;

/**
 * A lead's explicit data as fit rules see it: text normalised to lower case (country to upper case), missing
 * values as empty strings or 0, so rules never have to guard against null.
 */
public final class LeadProfile {

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
        this.titleWords = title.isEmpty() ? new String[0] : title.split("[^\\p{L}\\p{N}]+");
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
            if (containsPhrase(phrase.toLowerCase(Locale.ROOT).split(" "))) {
                return true;
            }
        }
        return false;
    }

    private boolean containsPhrase(String[] phrase) {
        outer:
        for (int start = 0; start + phrase.length <= titleWords.length; start++) {
            for (int i = 0; i < phrase.length; i++) {
                if (!titleWords[start + i].equals(phrase[i])) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
