package io.leadgrade.grading.engine;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieContainerSessionsPool;
import org.kie.api.runtime.KieSession;

/**
 * One scoring model of a ruleset: its own fit, engagement, threshold and mapping rules in their own KieBase. The
 * default model (the top of the rules folder) grades every lead; a model under {@code models/<name>/} grades the
 * leads of the product lines its {@code model.yml} lists.
 */
final class ScoringModel implements AutoCloseable {

    static final String DEFAULT = "default";

    private final String name;
    private final Set<String> productLines;
    private final List<RuleSources.Source> sources;
    private final KieContainer container;
    private final KieContainerSessionsPool sessions;
    private final EngagementSettings settings;
    private volatile MqlLadder ladder;

    ScoringModel(
            String name,
            Set<String> productLines,
            List<RuleSources.Source> sources,
            KieContainer container,
            EngagementSettings settings) {
        this.name = name;
        this.settings = settings;
        this.productLines = Set.copyOf(productLines);
        this.sources = sources;
        this.container = container;
        this.sessions = container.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
    }

    String name() {
        return name;
    }

    boolean isDefault() {
        return DEFAULT.equals(name);
    }

    boolean appliesTo(LeadData lead) {
        return isDefault()
                || lead.productLine() != null
                        && productLines.contains(lead.productLine().trim().toLowerCase(Locale.ROOT));
    }

    EngagementSettings settings() {
        return settings;
    }

    List<RuleSources.Source> sources() {
        return sources;
    }

    Set<String> ruleNames() {
        Set<String> names = new TreeSet<>();
        container
                .getKieBase()
                .getKiePackages()
                .forEach(pkg -> pkg.getRules().forEach(rule -> names.add(rule.getName())));
        return names;
    }

    int ruleCount() {
        return ruleNames().size();
    }

    /**
     * Grades leads in one session, in three phases: points rules add fit and engagement points; threshold rules
     * turn the totals into a letter and a digit; mapping rules give the grade its tier and MQL decision.
     */
    List<Grade> gradeAll(List<LeadData> leads, String version) {
        List<ScoreCard> cards = new ArrayList<>(leads.size());
        KieSession session = sessions.newKieSession();
        try {
            for (LeadData lead : leads) {
                ScoreCard card = new ScoreCard(
                        name,
                        new LeadProfile(lead),
                        new EngagementSummary(
                                lead.engagement(),
                                lead.activity(),
                                settings,
                                lead.asOf() != null ? lead.asOf() : Instant.EPOCH));
                cards.add(card);
                session.insert(card);
            }
            session.fireAllRules();
            for (ScoreCard card : cards) {
                card.bound(settings);
                session.insert(new FitScore(card));
                session.insert(new EngagementScore(card));
            }
            session.fireAllRules();
            for (ScoreCard card : cards) {
                card.checkDecided(version);
                session.insert(new GradeCell(card));
            }
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        List<Grade> grades = new ArrayList<>(cards.size());
        cards.forEach(card -> grades.add(card.toGrade()));
        return grades;
    }

    /** What this model's thresholds and mapping decide for every score, worked out on first use. */
    MqlLadder ladder() {
        MqlLadder built = ladder;
        if (built == null) {
            built = new MqlLadder(this);
            ladder = built;
        }
        return built;
    }

    /** Runs the threshold rules on bare totals and the mapping rules on bare grades, to see what they decide. */
    List<ScoreCard> probe(List<ScoreCard> cards, boolean mapping) {
        KieSession session = sessions.newKieSession();
        try {
            for (ScoreCard card : cards) {
                if (mapping) {
                    session.insert(new GradeCell(card));
                } else {
                    session.insert(new FitScore(card));
                    session.insert(new EngagementScore(card));
                }
            }
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        return cards;
    }

    @Override
    public void close() {
        sessions.shutdown();
        container.dispose();
    }
}
