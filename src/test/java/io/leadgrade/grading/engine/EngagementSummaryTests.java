package io.leadgrade.grading.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadgrade.grading.ActivityDigest;
import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.RuleProblem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engagement facts rules read, computed from a digest of per-day counts at a moment. */
class EngagementSummaryTests {

    static final Instant NOW = Instant.parse("2026-05-20T15:00:00Z");
    static final EngagementSettings HALF_LIFE_10 =
            new EngagementSettings(10, Map.of("EMAIL_OPEN", 2.0), null, null, null, null);

    @Test
    void windows_count_whole_utc_days_with_today_included() {
        ActivityDigest digest = ActivityDigest.NONE
                .plus("PRICING_PAGE_VISIT", Instant.parse("2026-05-20T00:00:01Z"), 1)
                .plus("PRICING_PAGE_VISIT", Instant.parse("2026-05-14T23:59:59Z"), 2)
                .plus("PRICING_PAGE_VISIT", Instant.parse("2026-05-13T12:00:00Z"), 4);
        EngagementSummary summary = new EngagementSummary(EngagementCounts.NONE, digest, HALF_LIFE_10, NOW);

        assertThat(summary.count("PRICING_PAGE_VISIT", 1)).isEqualTo(1);
        assertThat(summary.count("pricing_page_visit", 7)).isEqualTo(3);
        assertThat(summary.count("PRICING_PAGE_VISIT", 8)).isEqualTo(7);
        assertThat(summary.count("EMAIL_CLICK", 30)).isZero();
        assertThat(summary.count(0)).isZero();
        assertThat(summary.getPricingPageVisits()).isEqualTo(7);
    }

    @Test
    void the_thirty_day_counts_add_what_a_system_sent_to_recorded_activities() {
        ActivityDigest digest = ActivityDigest.NONE.plus("EMAIL_CLICK", NOW.minus(Duration.ofDays(3)), 2);
        EngagementSummary summary =
                new EngagementSummary(new EngagementCounts(5, 0, 0, 0, 0), digest, HALF_LIFE_10, NOW);
        assertThat(summary.getEmailClicks()).isEqualTo(7);
    }

    @Test
    void decay_halves_an_event_every_half_life_per_type() {
        ActivityDigest digest = ActivityDigest.NONE
                .plus("WEB_VISIT", NOW, 1)
                .plus("WEB_VISIT", NOW.minus(Duration.ofDays(10)), 4)
                .plus("EMAIL_OPEN", NOW.minus(Duration.ofDays(4)), 8)
                .plus("UNSUBSCRIBE", NOW, 1);
        EngagementSummary summary = new EngagementSummary(EngagementCounts.NONE, digest, HALF_LIFE_10, NOW);

        assertThat(summary.decayed("WEB_VISIT")).isCloseTo(1 + 4 * 0.5, within(1e-9));
        assertThat(summary.decayed("EMAIL_OPEN")).isCloseTo(8 * 0.25, within(1e-9));
        // Unsubscribes are not activity: the total leaves them out.
        assertThat(summary.getDecayed()).isCloseTo(3 + 2, within(1e-9));
        assertThat(summary.isUnsubscribed()).isTrue();
        assertThat(summary.isHardBounced()).isFalse();
    }

    @Test
    void days_since_and_inactivity_ignore_unsubscribes_and_bounces() {
        ActivityDigest digest = ActivityDigest.NONE
                .plus("FORM_SUBMISSION", NOW.minus(Duration.ofDays(50)), 1)
                .plus("HARD_BOUNCE", NOW.minus(Duration.ofDays(1)), 1);
        EngagementSummary summary = new EngagementSummary(EngagementCounts.NONE, digest, HALF_LIFE_10, NOW);
        assertThat(summary.getDaysSinceLastActivity()).isEqualTo(50);
        assertThat(summary.daysSince("HARD_BOUNCE")).isEqualTo(1);
        assertThat(summary.daysSince("DEMO_REQUEST")).isEqualTo(EngagementSummary.NEVER);
        assertThat(summary.isEverActive()).isTrue();

        EngagementSummary none = new EngagementSummary(EngagementCounts.NONE, ActivityDigest.NONE, HALF_LIFE_10, NOW);
        assertThat(none.isEverActive()).isFalse();
        assertThat(none.getDaysSinceLastActivity()).isEqualTo(EngagementSummary.NEVER);
    }

    @Test
    void events_after_the_moment_do_not_count_yet() {
        ActivityDigest digest = ActivityDigest.NONE.plus("EMAIL_CLICK", NOW.plus(Duration.ofDays(2)), 3);
        EngagementSummary summary = new EngagementSummary(EngagementCounts.NONE, digest, HALF_LIFE_10, NOW);
        assertThat(summary.count("EMAIL_CLICK", 30)).isZero();
        assertThat(summary.decayed("EMAIL_CLICK")).isZero();
    }

    @Test
    void the_digest_keeps_days_in_order_merges_a_day_and_drops_days_past_retention_but_not_the_total() {
        List<Instant> times = new ArrayList<>();
        for (int day = 0; day < 500; day++) {
            times.add(NOW.minus(Duration.ofDays(day)));
        }
        ActivityDigest digest = ActivityDigest.NONE;
        for (Instant at : times) {
            digest = digest.plus("WEB_VISIT", at, 1);
        }
        digest = digest.plus("WEB_VISIT", NOW, 2);
        ActivityDigest.TypeHistory visits = digest.of("WEB_VISIT");
        assertThat(visits.total()).isEqualTo(502);
        assertThat(visits.days()).hasSize(ActivityDigest.RETENTION_DAYS).isSorted();
        assertThat(visits.counts().get(visits.counts().size() - 1)).isEqualTo(3);
        assertThat(visits.first()).isEqualTo(NOW.minus(Duration.ofDays(499)));
        assertThat(visits.last()).isEqualTo(NOW);
    }

    @Test
    void engagement_yml_errors_name_the_line_and_what_is_allowed() {
        List<RuleProblem> problems = new ArrayList<>();
        String yaml = """
                halfLifeDays: -3
                halfLifeDaysByType:
                  EMAIL_OPN: 7
                engagementPoints: {floor: 50, cap: 10}
                fitPoints: {floor: lots}
                decay: fast
                """;
        EngagementSettings settings = EngagementSettings.parse(
                "engagement.yml", yaml.getBytes(StandardCharsets.UTF_8), EngagementSettings.DEFAULTS, problems);
        assertThat(settings).isEqualTo(EngagementSettings.DEFAULTS);
        assertThat(problems).extracting(RuleProblem::line).containsExactly(1, 3, 4, 5, 6);
        assertThat(problems.get(0).message()).contains("halfLifeDays must be a number of days above 0");
        assertThat(problems.get(1).message()).contains("EMAIL_OPN").contains("EMAIL_OPEN");
        assertThat(problems.get(2).message()).contains("floor 50 is above cap 10");
        assertThat(problems.get(3).message()).contains("fitPoints.floor must be a whole number");
        assertThat(problems.get(4).message()).contains("unknown key \"decay\"");
    }

    @Test
    void a_valid_engagement_yml_is_read_and_models_inherit_what_they_do_not_set() {
        List<RuleProblem> problems = new ArrayList<>();
        EngagementSettings base = EngagementSettings.parse(
                "engagement.yml",
                "halfLifeDays: 21\nengagementPoints: {floor: 0, cap: 90}\n".getBytes(StandardCharsets.UTF_8),
                EngagementSettings.DEFAULTS,
                problems);
        EngagementSettings model = EngagementSettings.parse(
                "models/x/engagement.yml",
                "halfLifeDaysByType: {custom:trial: 3}\n".getBytes(StandardCharsets.UTF_8),
                base,
                problems);
        assertThat(problems).isEmpty();
        assertThat(model.halfLifeDays()).isEqualTo(21);
        assertThat(model.halfLifeOf("custom:trial")).isEqualTo(3);
        assertThat(model.engagementCap()).isEqualTo(90);
        assertThat(model.engagementFloor()).isZero();
    }
}
