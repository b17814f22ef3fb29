package io.leadgrade.demo;

import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.TerritoryProfile;
import io.leadgrade.handoff.RepRequest;
import io.leadgrade.handoff.SalesTeam;
import io.leadgrade.handoff.TerritoryRequest;
import io.leadgrade.imports.Imports;
import io.leadgrade.system.Csv;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.springframework.stereotype.Component;

/**
 * A seeded, realistic data set: six territories and a dozen reps, six months of leads from six sources and four
 * product lines, the MQLs among them handed off as the rules decide, and what sales did with each. It is written as a
 * CSV with an outcome section and loaded by the ordinary import job, so it goes through grading, routing, handoffs,
 * dispositions and the reports like any import. Built into it, for sales ops to find:
 *
 * <ul>
 *   <li>France brings the most leads, mostly from small companies that click through paid search: engaged but of
 *       poorer fit, so more of its MQLs are B1 (the lowest Net Quality Score, far below the rest; its reps convert as
 *       well as its leads allow, and the performance report says "as expected with poor leads");
 *   <li>two reps ({@value #SLOW_REPS}) get more than twice their teammates' leads, convert half as often and mark
 *       most of the rest "unable to connect": their opportunity count still looks normal;
 *   <li>the rule "Manager title" adds 15 fit points, but managers convert less than leads without it: an
 *       over-weighted rule the feedback module flags.
 * </ul>
 */
@Component
public class DemoData {

    static final String SLOW_REPS = "ben.carter, jonas.weber";
    static final String MAPPING = """
            columns:
              externalId: id
              email: email
              firstName: first_name
              lastName: last_name
              title: title
              company: company
              companySize: employees
              industry: industry
              country: country
              productLine: product_line
              source: source
              emailClicks: email_clicks
              webVisits: web_visits
              pricingPageVisits: pricing_visits
              formSubmissions: forms
              webinarsAttended: webinars
            outcome:
              column: disposition
              codes: {SQO: SQO, UNABLE_TO_CONNECT: UNABLE_TO_CONNECT, NO_INTEREST: NO_INTEREST, WRONG_ROLE: WRONG_ROLE,
                      EARLY_STAGE: EARLY_STAGE, BAD_DATA: BAD_DATA, COMPETITOR: COMPETITOR}
              at: disposition_at
              handedOffAt: handed_off_at
              rep: rep
            """;

    /** A territory of the demo: its countries and how many leads it brings, relative to the others. */
    record Place(String id, String name, List<String> countries, double volume) {}

    static final List<Place> PLACES = List.of(
            new Place("north-america", "North America", List.of("US", "CA"), 2.2),
            new Place("uk-ireland", "UK and Ireland", List.of("GB", "IE"), 1.2),
            new Place("dach", "DACH", List.of("DE", "AT", "CH"), 1.6),
            new Place("france", "France", List.of("FR"), 4.0),
            new Place("benelux-nordics", "Benelux and Nordics", List.of("NL", "BE", "SE", "DK", "NO"), 1.0),
            new Place("anz", "Australia and New Zealand", List.of("AU", "NZ"), 0.8));

    /** A rep of the demo: id, name, and the weight of their share of their territory's leads. */
    record Seat(String id, String name, double weight) {}

    /** Reps by territory. */
    static final Map<String, List<Seat>> REPS = Map.of(
            "north-america", List.of(new Seat("ana.silva", "Ana Silva", 1), new Seat("ben.carter", "Ben Carter", 3.5)),
            "uk-ireland", List.of(new Seat("chloe.evans", "Chloe Evans", 1), new Seat("dan.murphy", "Dan Murphy", 1)),
            "dach", List.of(new Seat("jonas.weber", "Jonas Weber", 3.5), new Seat("lena.hoffmann", "Lena Hoffmann", 1)),
            "france", List.of(new Seat("marc.dubois", "Marc Dubois", 1), new Seat("sophie.martin", "Sophie Martin", 1)),
            "benelux-nordics",
                    List.of(new Seat("eva.jansen", "Eva Jansen", 1), new Seat("lars.nilsson", "Lars Nilsson", 1)),
            "anz", List.of(new Seat("mia.taylor", "Mia Taylor", 1), new Seat("noah.wilson", "Noah Wilson", 1)));

    static final String[] SOURCES = {"web", "paid-search", "event", "webinar", "referral", "content-syndication"};
    static final String[] LINES = {"analytics", "crm", "support", "platform"};
    static final String[] SENIOR = {
        "VP Marketing", "Chief Revenue Officer", "Head of Growth", "Director of Demand Generation"
    };
    static final String[] MANAGERS = {"Marketing Manager", "Marketing Operations Manager", "Sales Manager"};
    static final String[] OTHERS = {
        "Growth Marketer",
        "CRM Specialist",
        "Sales Operations Analyst",
        "Software Engineer",
        "Marketing Intern",
        "HR Business Partner",
        "Office Manager",
        ""
    };
    static final String[] INDUSTRIES = {
        "Software",
        "Information Technology",
        "Financial Services",
        "Manufacturing",
        "Retail",
        "Healthcare",
        "Education",
        "Professional Services"
    };
    static final String[] LOST = {
        "UNABLE_TO_CONNECT", "NO_INTEREST", "WRONG_ROLE", "EARLY_STAGE", "BAD_DATA", "COMPETITOR"
    };
    static final double[] LOST_MIX = {0.18, 0.30, 0.12, 0.25, 0.05, 0.10};

    private final GradingService grading;
    private final SalesTeam team;
    private final Imports imports;
    private final Clock clock;

    DemoData(GradingService grading, SalesTeam team, Imports imports, Clock clock) {
        this.grading = grading;
        this.team = team;
        this.imports = imports;
        this.clock = clock;
    }

    /** Creates the demo's territories and reps (those missing) and starts the import of {@code leads} leads. */
    public Imports.Started load(int leads, long seed) {
        createTeam();
        byte[] csv = csv(leads, seed);
        return imports.start("demo", MAPPING, new ByteArrayInputStream(csv), "demo-" + leads + "-leads.csv", "demo");
    }

    private void createTeam() {
        Set<String> territories = new java.util.HashSet<>();
        team.territories().forEach(territory -> territories.add(territory.id()));
        Set<String> reps = new java.util.HashSet<>();
        team.reps().forEach(rep -> reps.add(rep.id()));
        for (Place place : PLACES) {
            if (!territories.contains(place.id())) {
                team.createTerritory(
                        new TerritoryRequest(place.id(), place.name(), place.countries(), null, null, null));
            }
            for (Seat rep : REPS.get(place.id())) {
                if (!reps.contains(rep.id())) {
                    team.createRep(new RepRequest(
                            rep.id(),
                            rep.name(),
                            rep.id() + "@example.com",
                            List.of(place.id()),
                            40,
                            null,
                            null,
                            null));
                }
            }
        }
    }

    /** The demo file: one row per lead, with the handoff and the outcome of those the rules hand off. */
    byte[] csv(int leads, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant now = clock.instant();
        List<TerritoryProfile> profiles = team.activeProfiles();
        Set<String> mql = grading.activeMqlGrades();
        double volume = PLACES.stream().mapToDouble(Place::volume).sum();
        StringBuilder out = new StringBuilder(leads * 220);
        out.append(Csv.line(List.of(
                "id",
                "email",
                "first_name",
                "last_name",
                "title",
                "company",
                "employees",
                "industry",
                "country",
                "product_line",
                "source",
                "email_clicks",
                "web_visits",
                "pricing_visits",
                "forms",
                "webinars",
                "handed_off_at",
                "rep",
                "disposition",
                "disposition_at")));
        for (int start = 0; start < leads; start += 1000) {
            List<Map<String, Object>> rows = new ArrayList<>();
            List<LeadData> data = new ArrayList<>();
            for (int i = start; i < Math.min(leads, start + 1000); i++) {
                Map<String, Object> row = lead(i, pick(random, volume), random, now);
                rows.add(row);
                data.add(new LeadData(
                        (String) row.get("email"),
                        null,
                        null,
                        (String) row.get("title"),
                        (String) row.get("company"),
                        (Integer) row.get("employees"),
                        (String) row.get("industry"),
                        (String) row.get("country"),
                        (String) row.get("product_line"),
                        (String) row.get("source"),
                        Map.of(),
                        new EngagementCounts(
                                (Integer) row.get("email_clicks"),
                                (Integer) row.get("web_visits"),
                                (Integer) row.get("pricing_visits"),
                                (Integer) row.get("forms"),
                                (Integer) row.get("webinars"))));
            }
            List<Grading> graded = grading.gradeAll(data);
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = rows.get(i);
                Instant created = (Instant) row.remove("created");
                String grade = graded.get(i).primary().grade();
                if (mql.contains(grade)) {
                    String territory =
                            grading.route(data.get(i), grade, profiles).territory();
                    outcome(row, created, territory, grade, random, now);
                }
                out.append(Csv.line(new ArrayList<>(row.values())));
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Place pick(SplittableRandom random, double volume) {
        double r = random.nextDouble() * volume;
        for (Place place : PLACES) {
            r -= place.volume();
            if (r < 0) {
                return place;
            }
        }
        return PLACES.get(PLACES.size() - 1);
    }

    /** One lead's profile and engagement; France's campaign brings mostly small, engaged companies. */
    private static Map<String, Object> lead(int n, Place place, SplittableRandom random, Instant now) {
        boolean france = place.id().equals("france");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "demo-" + n);
        row.put("email", "lead" + n + "@company" + random.nextInt(4000) + ".example");
        row.put("first_name", "Lead");
        row.put("last_name", String.valueOf(n));
        double t = random.nextDouble();
        row.put("title", t < 0.25 ? pick(random, SENIOR) : t < 0.55 ? pick(random, MANAGERS) : pick(random, OTHERS));
        row.put("company", "Company " + random.nextInt(4000));
        int size = france && random.nextDouble() < 0.8
                ? 5 + random.nextInt(60)
                : new int[] {12, 40, 120, 250, 600, 1500, 5000}[random.nextInt(7)];
        row.put("employees", size);
        row.put("industry", pick(random, INDUSTRIES));
        row.put(
                "country",
                place.countries().get(random.nextInt(place.countries().size())));
        row.put("product_line", LINES[random.nextInt(LINES.length)]);
        row.put("source", france && random.nextDouble() < 0.6 ? "paid-search" : pick(random, SOURCES));
        boolean active = random.nextDouble() < (france ? 0.6 : 0.45);
        row.put("email_clicks", active ? 1 + random.nextInt(8) : random.nextInt(2));
        row.put("web_visits", active ? 2 + random.nextInt(12) : random.nextInt(3));
        row.put("pricing_visits", active && random.nextDouble() < 0.6 ? 1 + random.nextInt(3) : 0);
        row.put("forms", active ? random.nextInt(3) : 0);
        row.put("webinars", random.nextDouble() < 0.2 ? 1 : 0);
        row.put("created", now.minus(Duration.ofMinutes(random.nextLong(183L * 24 * 60))));
        row.put("handed_off_at", "");
        row.put("rep", "");
        row.put("disposition", "");
        row.put("disposition_at", "");
        return row;
    }

    /** The handoff of an MQL a few hours after it came in, and (unless it is recent) what its rep made of it. */
    private static void outcome(
            Map<String, Object> row,
            Instant created,
            String territory,
            String grade,
            SplittableRandom random,
            Instant now) {
        Instant handedOff = created.plus(Duration.ofMinutes(30 + random.nextInt(8 * 60)));
        List<Seat> reps = REPS.getOrDefault(territory, REPS.get("north-america"));
        double weights = reps.stream().mapToDouble(Seat::weight).sum();
        double r = random.nextDouble() * weights;
        Seat rep = reps.get(reps.size() - 1);
        for (Seat candidate : reps) {
            r -= candidate.weight();
            if (r < 0) {
                rep = candidate;
                break;
            }
        }
        boolean slow = SLOW_REPS.contains(rep.id());
        row.put("handed_off_at", handedOff.toString());
        row.put("rep", rep.id());
        Instant decided = handedOff.plus(Duration.ofHours(2 + random.nextInt(slow ? 14 * 24 : 6 * 24)));
        if (decided.isAfter(now) || random.nextDouble() < 0.06) {
            return; // still open
        }
        double convert = switch (grade) {
            case "A1" -> 0.42;
            case "A2" -> 0.27;
            default -> 0.14;
        };
        if (slow) {
            convert *= 0.35;
        }
        if (String.valueOf(row.get("title")).contains("Manager")) {
            convert *= 0.25; // the over-weighted rule: managers score +15 yet convert far less
        }
        String code;
        if (random.nextDouble() < convert) {
            code = "SQO";
        } else if (slow && random.nextDouble() < 0.75) {
            code = "UNABLE_TO_CONNECT";
        } else {
            double c = random.nextDouble();
            int k = 0;
            while (k < LOST_MIX.length - 1 && (c -= LOST_MIX[k]) >= 0) {
                k++;
            }
            code = LOST[k];
        }
        row.put("disposition", code);
        row.put("disposition_at", decided.toString());
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
