package io.leadgrade.grading.engine;

import io.leadgrade.grading.ActivityDigest;
import io.leadgrade.grading.ActivityTypes;
import io.leadgrade.grading.EngagementCounts;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A lead's behaviour as engagement rules see it, at one moment ({@code asOf}): counts in recency windows, values
 * that decay with the ruleset's half-life, days since the last activity, and the negative signals. Windows and
 * decay work on UTC days: "the last 7 days" is today and the six days before, and an event counts 1 on its day
 * and half as much one half-life of days later.
 *
 * <p>The five 30-day counts ({@code emailClicks} ...) add the counts a system sent with the lead (for systems that
 * aggregate behaviour elsewhere) to the recorded activities of the last 30 days.
 */
public final class EngagementSummary {

    /** What {@link #daysSince} answers for a type the lead never had. */
    public static final int NEVER = 99_999;

    private static final int SENT_COUNTS_WINDOW = 30;

    private final EngagementCounts sent;
    private final ActivityDigest digest;
    private final EngagementSettings settings;
    private final int today;
    // Rules read the same values many times (every row of a table, every rule of a window): compute each once.
    // Most leads have no recorded activity: they never allocate these.
    private Map<String, Integer> windows;
    private Map<String, Double> decays;

    public EngagementSummary(EngagementCounts sent, ActivityDigest digest, EngagementSettings settings, Instant asOf) {
        this.sent = sent;
        this.digest = digest;
        this.settings = settings;
        this.today = ActivityDigest.dayOf(asOf);
    }

    public int getEmailClicks() {
        return sent.emailClicks() + count(ActivityTypes.EMAIL_CLICK, SENT_COUNTS_WINDOW);
    }

    public int getWebVisits() {
        return sent.webVisits() + count(ActivityTypes.WEB_VISIT, SENT_COUNTS_WINDOW);
    }

    public int getPricingPageVisits() {
        return sent.pricingPageVisits() + count(ActivityTypes.PRICING_PAGE_VISIT, SENT_COUNTS_WINDOW);
    }

    public int getFormSubmissions() {
        return sent.formSubmissions() + count(ActivityTypes.FORM_SUBMISSION, SENT_COUNTS_WINDOW);
    }

    public int getWebinarsAttended() {
        return sent.webinarsAttended() + count(ActivityTypes.WEBINAR_ATTENDED, SENT_COUNTS_WINDOW);
    }

    /** Events of one type in the last {@code days} days (today included), e.g. {@code count("PRICING_PAGE_VISIT", 14)}. */
    public int count(String type, int days) {
        if (digest.isEmpty()) {
            return 0;
        }
        return windows().computeIfAbsent(type + '|' + days, key -> window(digest.of(canonical(type)), days));
    }

    private Map<String, Integer> windows() {
        if (windows == null) {
            windows = new HashMap<>();
        }
        return windows;
    }

    private Map<String, Double> decays() {
        if (decays == null) {
            decays = new HashMap<>();
        }
        return decays;
    }

    /** Activities of every type except unsubscribes and hard bounces in the last {@code days} days. */
    public int count(int days) {
        if (digest.isEmpty()) {
            return 0;
        }
        return windows().computeIfAbsent("*|" + days, key -> activityIn(days));
    }

    private int activityIn(int days) {
        int total = 0;
        for (ActivityDigest.TypeHistory history : digest.types()) {
            if (!ActivityTypes.NEGATIVE.contains(history.type())) {
                total += window(history, days);
            }
        }
        return total;
    }

    /** The decayed count of one type: each event weighs 0.5^(age in days / half-life). */
    public double decayed(String type) {
        if (digest.isEmpty()) {
            return 0;
        }
        String canonical = canonical(type);
        return decays().computeIfAbsent(canonical, key -> decayed(digest.of(key), settings.halfLifeOf(key)));
    }

    /** The decayed count of every type except unsubscribes and hard bounces, each with its own half-life. */
    public double getDecayed() {
        if (digest.isEmpty()) {
            return 0;
        }
        Double cached = decays().get("*");
        if (cached != null) {
            return cached;
        }
        double total = 0;
        for (ActivityDigest.TypeHistory history : digest.types()) {
            if (!ActivityTypes.NEGATIVE.contains(history.type())) {
                total += decayed(history.type());
            }
        }
        decays().put("*", total);
        return total;
    }

    /** UTC days since the last event of a type, 0 for today, {@value #NEVER} if there never was one. */
    public int daysSince(String type) {
        ActivityDigest.TypeHistory history = digest.of(canonical(type));
        return history == null ? NEVER : daysSince(history.last());
    }

    /** Whole days since the last activity other than an unsubscribe or bounce; {@value #NEVER} if there was none. */
    public int getDaysSinceLastActivity() {
        Instant last = null;
        for (ActivityDigest.TypeHistory history : digest.types()) {
            if (!ActivityTypes.NEGATIVE.contains(history.type())
                    && (last == null || history.last().isAfter(last))) {
                last = history.last();
            }
        }
        return last == null ? NEVER : daysSince(last);
    }

    /** Whether any activity other than an unsubscribe or bounce was ever recorded. */
    public boolean isEverActive() {
        return getDaysSinceLastActivity() != NEVER;
    }

    /** Events of one type ever, older ones included. */
    public long total(String type) {
        ActivityDigest.TypeHistory history = digest.of(canonical(type));
        return history == null ? 0 : history.total();
    }

    public boolean isUnsubscribed() {
        return digest.of(ActivityTypes.UNSUBSCRIBE) != null;
    }

    public boolean isHardBounced() {
        return digest.of(ActivityTypes.HARD_BOUNCE) != null;
    }

    private int window(ActivityDigest.TypeHistory history, int days) {
        if (history == null || days <= 0) {
            return 0;
        }
        int from = today - Math.min(days, ActivityDigest.RETENTION_DAYS) + 1;
        int total = 0;
        for (int i = history.days().size() - 1; i >= 0; i--) {
            int day = history.days().get(i);
            if (day < from) {
                break;
            }
            if (day <= today) {
                total += history.counts().get(i);
            }
        }
        return total;
    }

    private double decayed(ActivityDigest.TypeHistory history, double halfLife) {
        if (history == null) {
            return 0;
        }
        double[] weights = EngagementSettings.weights(halfLife);
        double total = 0;
        for (int i = 0; i < history.days().size(); i++) {
            int age = today - history.days().get(i);
            if (age >= 0) {
                double weight = age < weights.length ? weights[age] : Math.pow(0.5, age / halfLife);
                total += history.counts().get(i) * weight;
            }
        }
        return total;
    }

    private int daysSince(Instant last) {
        return Math.max(0, today - ActivityDigest.dayOf(last));
    }

    private static String canonical(String type) {
        String canonical = ActivityTypes.canonical(type);
        return canonical == null ? type : canonical;
    }
}
