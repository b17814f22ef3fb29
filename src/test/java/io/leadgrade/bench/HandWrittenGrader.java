package io.leadgrade.bench;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Dimension;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The default ruleset of {@code rules/} written by hand in plain Java: the baseline that Drools grading is measured
 * against. It records the same explanation, and a test checks it agrees with Drools on generated leads; when the
 * default rules change, this class must change with them.
 */
public final class HandWrittenGrader {

    private static final String[] EXECUTIVE = {
        "chief",
        "ceo",
        "cto",
        "cmo",
        "cfo",
        "coo",
        "cio",
        "cro",
        "vp",
        "svp",
        "evp",
        "vice president",
        "president",
        "founder",
        "owner"
    };
    private static final String[] DIRECTOR = {"director", "head"};
    private static final Set<String> SERVED =
            Set.of("US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "NL", "BE", "SE", "DK", "NO", "AU", "NZ");
    private static final Set<String> FREE_MAIL = Set.of(
            "gmail.com",
            "googlemail.com",
            "yahoo.com",
            "hotmail.com",
            "outlook.com",
            "live.com",
            "aol.com",
            "icloud.com",
            "gmx.de",
            "gmx.net",
            "web.de",
            "proton.me",
            "protonmail.com",
            "mail.ru",
            "yandex.ru");
    private static final Set<String> COMPETITORS =
            Set.of("hubspot.com", "marketo.com", "pardot.com", "eloqua.com", "6sense.com");

    public Grade grade(LeadData lead) {
        List<Contribution> explanation = new ArrayList<>(14);
        String[] title = words(lead.title());
        String domain = domain(lead.email());
        String country = lead.country() == null ? "" : lead.country().trim().toUpperCase(Locale.ROOT);
        int size = lead.companySize() == null ? 0 : lead.companySize();
        String industry = lead.industry() == null ? "" : lead.industry().trim().toLowerCase(Locale.ROOT);
        int fit = 0;
        boolean executive = mentions(title, EXECUTIVE);
        boolean director = mentions(title, DIRECTOR);
        if (executive) {
            fit += add(explanation, "Executive title", Dimension.FIT, 30);
        }
        if (director && !executive) {
            fit += add(explanation, "Director or head title", Dimension.FIT, 25);
        }
        if (mentions(title, "manager") && !director && !executive) {
            fit += add(explanation, "Manager title", Dimension.FIT, 15);
        }
        if (mentions(title, "student", "intern", "trainee")) {
            fit += add(explanation, "Student or intern", Dimension.FIT, -40);
        }
        if (mentions(
                title,
                "marketing",
                "demand generation",
                "growth",
                "revenue",
                "sales operations",
                "marketing operations",
                "crm")) {
            fit += add(explanation, "Marketing or revenue role", Dimension.FIT, 15);
        }
        if (mentions(title, "hr", "human resources", "recruiter", "recruiting", "legal", "facilities")) {
            fit += add(explanation, "Unrelated department", Dimension.FIT, -10);
        }
        if (SERVED.contains(country)) {
            fit += add(explanation, "Served market", Dimension.FIT, 10);
        } else if (!country.isEmpty()) {
            fit += add(explanation, "Outside served markets", Dimension.FIT, -15);
        }
        if (FREE_MAIL.contains(domain)) {
            fit += add(explanation, "Free mail address", Dimension.FIT, -20);
        }
        if (COMPETITORS.contains(domain)) {
            fit += add(explanation, "Competitor", Dimension.FIT, -100);
        }
        int engagement = 0;
        var counts = lead.engagement();
        if (counts.pricingPageVisits() >= 1) {
            engagement += add(explanation, "Visited pricing page", Dimension.ENGAGEMENT, 25);
        }
        if (counts.pricingPageVisits() >= 3) {
            engagement += add(explanation, "Returned to pricing page", Dimension.ENGAGEMENT, 10);
        }
        if (counts.formSubmissions() >= 1) {
            engagement += add(explanation, "Submitted a form", Dimension.ENGAGEMENT, 20);
        }
        if (counts.webinarsAttended() >= 1) {
            engagement += add(explanation, "Attended a webinar", Dimension.ENGAGEMENT, 15);
        }
        if (counts.emailClicks() >= 1) {
            engagement += add(explanation, "Clicked an email", Dimension.ENGAGEMENT, 5);
        }
        if (counts.emailClicks() >= 5) {
            engagement += add(explanation, "Clicks emails often", Dimension.ENGAGEMENT, 10);
        }
        if (counts.webVisits() >= 1) {
            engagement += add(explanation, "Visited the website", Dimension.ENGAGEMENT, 5);
        }
        if (counts.webVisits() >= 5) {
            engagement += add(explanation, "Visits the website often", Dimension.ENGAGEMENT, 10);
        }
        fit += companySize(explanation, size) + industry(explanation, industry);
        String letter = fit >= 60 ? "A" : fit >= 40 ? "B" : fit >= 20 ? "C" : "D";
        int digit = engagement >= 50 ? 1 : engagement >= 30 ? 2 : engagement >= 10 ? 3 : 4;
        String grade = letter + digit;
        Tier tier = switch (grade) {
            case "A1" -> Tier.HIGH;
            case "A2" -> Tier.MEDIUM;
            case "B1", "B2" -> Tier.LOW;
            default -> Tier.BELOW_MQL;
        };
        boolean mql = grade.equals("A1") || grade.equals("A2") || grade.equals("B1");
        return new Grade("default", fit, letter, engagement, digit, grade, tier, mql, explanation);
    }

    private static int companySize(List<Contribution> explanation, int size) {
        if (size >= 1000) {
            return add(explanation, "Enterprise (1000+ employees)", Dimension.FIT, 25);
        }
        if (size >= 200) {
            return add(explanation, "Mid-market (200-999 employees)", Dimension.FIT, 20);
        }
        if (size >= 50) {
            return add(explanation, "Small business (50-199 employees)", Dimension.FIT, 10);
        }
        if (size >= 1) {
            return add(explanation, "Micro business (1-49 employees)", Dimension.FIT, -5);
        }
        return 0;
    }

    private static int industry(List<Contribution> explanation, String industry) {
        int points = switch (industry) {
            case "software", "information technology" -> 15;
            case "financial services", "healthcare" -> 10;
            case "manufacturing", "professional services", "retail" -> 5;
            case "education" -> -5;
            case "government", "non-profit" -> -10;
            default -> 0;
        };
        return points == 0 ? 0 : add(explanation, "Industry: " + industry, Dimension.FIT, points);
    }

    private static int add(List<Contribution> explanation, String rule, Dimension dimension, int points) {
        explanation.add(Contribution.points(rule, dimension, points));
        return points;
    }

    private static String[] words(String title) {
        String lower = title == null ? "" : title.trim().toLowerCase(Locale.ROOT);
        return lower.isEmpty() ? new String[0] : lower.split("[^\\p{L}\\p{N}]+");
    }

    private static String domain(String email) {
        String lower = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        return at < 0 ? "" : lower.substring(at + 1);
    }

    private static boolean mentions(String[] title, String... phrases) {
        for (String phrase : phrases) {
            String[] words = phrase.split(" ");
            for (int start = 0; start + words.length <= title.length; start++) {
                int matched = 0;
                while (matched < words.length && title[start + matched].equals(words[matched])) {
                    matched++;
                }
                if (matched == words.length) {
                    return true;
                }
            }
        }
        return false;
    }
}
