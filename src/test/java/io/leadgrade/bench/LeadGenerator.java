package io.leadgrade.bench;

import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.LeadData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded generator of realistic-looking leads that exercise every default rule: titles across seniorities and
 * departments, company sizes around every table boundary, served and unserved countries, free-mail and competitor
 * domains, and engagement from none to very high.
 */
public final class LeadGenerator {

    private static final String[] TITLES = {
        "VP Marketing",
        "Chief Revenue Officer",
        "Director of Demand Generation",
        "Head of Growth",
        "Marketing Manager",
        "Marketing Operations Manager",
        "Sales Operations Analyst",
        "CRM Specialist",
        "Software Engineer",
        "HR Business Partner",
        "Legal Counsel",
        "Student",
        "Marketing Intern",
        "Founder & CEO",
        "Senior Director, Sales",
        "Office Manager",
        "Growth Marketer",
        "Recruiter",
        "",
        "MVP Program Manager"
    };
    private static final String[] DOMAINS = {
        "acme.com",
        "globex.io",
        "initech.net",
        "umbrella.co.uk",
        "gmail.com",
        "yahoo.com",
        "outlook.com",
        "hubspot.com",
        "marketo.com",
        "stark.de",
        "wayne.fr",
        "proton.me"
    };
    private static final String[] INDUSTRIES = {
        "Software",
        "Information Technology",
        "Financial Services",
        "Healthcare",
        "Manufacturing",
        "Professional Services",
        "Retail",
        "Education",
        "Government",
        "Non-profit",
        "Hospitality",
        ""
    };
    private static final String[] COUNTRIES = {"US", "CA", "GB", "DE", "FR", "NL", "AU", "BR", "IN", "JP", "us", ""};
    private static final int[] SIZES = {0, 1, 12, 49, 50, 120, 199, 200, 450, 999, 1000, 5000};

    private final SplittableRandom random;

    public LeadGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public List<LeadData> leads(int count) {
        List<LeadData> leads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            leads.add(next());
        }
        return leads;
    }

    public LeadData next() {
        int size = SIZES[random.nextInt(SIZES.length)];
        return new LeadData(
                "lead" + random.nextInt(1_000_000) + "@" + pick(DOMAINS),
                "First",
                "Last",
                pick(TITLES),
                "Company " + random.nextInt(5000),
                size == 0 && random.nextBoolean() ? null : size,
                pick(INDUSTRIES),
                pick(COUNTRIES),
                "core",
                "web",
                Map.of(),
                new EngagementCounts(skewed(8), skewed(10), skewed(4), skewed(3), skewed(2)));
    }

    private int skewed(int max) {
        // Most leads do little; a few do a lot.
        int value = random.nextInt(max + 1);
        return random.nextInt(3) == 0 ? value : value / 3;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
