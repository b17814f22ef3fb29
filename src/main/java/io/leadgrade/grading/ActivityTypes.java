package io.leadgrade.grading;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The activity types LeadGrade knows, and custom ones: {@code custom:<name>} with a name of lower-case letters,
 * digits, "_" and "-". Names are matched ignoring case and stored in their canonical form.
 */
public final class ActivityTypes {

    public static final String EMAIL_OPEN = "EMAIL_OPEN";
    public static final String EMAIL_CLICK = "EMAIL_CLICK";
    public static final String WEB_VISIT = "WEB_VISIT";
    public static final String PRICING_PAGE_VISIT = "PRICING_PAGE_VISIT";
    public static final String FORM_SUBMISSION = "FORM_SUBMISSION";
    public static final String CONTENT_DOWNLOAD = "CONTENT_DOWNLOAD";
    public static final String WEBINAR_REGISTERED = "WEBINAR_REGISTERED";
    public static final String WEBINAR_ATTENDED = "WEBINAR_ATTENDED";
    public static final String EVENT_VISIT = "EVENT_VISIT";
    public static final String DEMO_REQUEST = "DEMO_REQUEST";
    public static final String UNSUBSCRIBE = "UNSUBSCRIBE";
    public static final String HARD_BOUNCE = "HARD_BOUNCE";

    /** The standard types, in the order documentation lists them. */
    public static final List<String> STANDARD = List.of(
            EMAIL_OPEN,
            EMAIL_CLICK,
            WEB_VISIT,
            PRICING_PAGE_VISIT,
            FORM_SUBMISSION,
            CONTENT_DOWNLOAD,
            WEBINAR_REGISTERED,
            WEBINAR_ATTENDED,
            EVENT_VISIT,
            DEMO_REQUEST,
            UNSUBSCRIBE,
            HARD_BOUNCE);

    /** Types that mean the lead moved away: they never count as activity for windows, decay or inactivity. */
    public static final Set<String> NEGATIVE = Set.of(UNSUBSCRIBE, HARD_BOUNCE);

    public static final String CUSTOM_PREFIX = "custom:";
    private static final Pattern CUSTOM_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");

    /** What the API says when a type is not allowed. */
    public static final String ALLOWED = "one of " + String.join(", ", STANDARD)
            + ", or custom:<name> (lower-case letters, digits, _ and -, at most 50)";

    private ActivityTypes() {}

    /** The canonical form of a type name, or null when it is neither standard nor a valid custom type. */
    public static String canonical(String type) {
        if (type == null) {
            return null;
        }
        String trimmed = type.trim();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (STANDARD.contains(upper)) {
            return upper;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith(CUSTOM_PREFIX)
                && CUSTOM_NAME.matcher(lower.substring(CUSTOM_PREFIX.length())).matches()) {
            return lower;
        }
        return null;
    }
}
