package io.leadgrade.grading.engine;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieContainerSessionsPool;
import org.kie.api.runtime.KieSession;

/**
 * One compiled ruleset version, ready to grade from any number of threads. Sessions come from a pool and are
 * reset after each use, so a grading never sees another's facts.
 */
public final class CompiledRuleset implements AutoCloseable {

    static final String DEFAULT_MODEL = "default";

    private final String version;
    private final RulesetFiles files;
    private final List<RuleSources.Source> sources;
    private final KieContainer container;
    private final KieContainerSessionsPool sessions;

    CompiledRuleset(RulesetFiles files, List<RuleSources.Source> sources, KieContainer container) {
        this.version = files.version();
        this.files = files;
        this.sources = sources;
        this.container = container;
        this.sessions = container.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
    }

    public String version() {
        return version;
    }

    /** The files this ruleset was compiled from. */
    public RulesetFiles files() {
        return files;
    }

    /** Number of rules in the ruleset, for health and logs. */
    public int ruleCount() {
        return container.getKieBase().getKiePackages().stream()
                .mapToInt(pkg -> pkg.getRules().size())
                .sum();
    }

    /**
     * Static checks beyond compiling, as warnings with locations: unreachable letters, digits and grade cells, gaps
     * and overlaps in the thresholds, grades left unmapped, and rules that never fire on the rule tests given.
     */
    public List<RuleProblem> lint(List<RuleTestResult> tests) {
        return RulesetLint.warnings(this, sources, tests, DEFAULT_MODEL);
    }

    /** Names of every rule in the ruleset, decision-table rows included. */
    public Set<String> ruleNames() {
        Set<String> names = new TreeSet<>();
        container
                .getKieBase()
                .getKiePackages()
                .forEach(pkg -> pkg.getRules().forEach(rule -> names.add(rule.getName())));
        return names;
    }

    public Grading grade(LeadData lead) {
        return gradeAll(List.of(lead)).get(0);
    }

    /**
     * Grades leads in one session, in three phases: points rules add fit and engagement points; threshold rules
     * turn the totals into a letter and a digit; mapping rules give the grade its tier and MQL decision.
     */
    public List<Grading> gradeAll(List<LeadData> leads) {
        List<ScoreCard> cards = new ArrayList<>(leads.size());
        KieSession session = sessions.newKieSession();
        try {
            for (LeadData lead : leads) {
                ScoreCard card =
                        new ScoreCard(DEFAULT_MODEL, new LeadProfile(lead), new EngagementSummary(lead.engagement()));
                cards.add(card);
                session.insert(card);
            }
            session.fireAllRules();
            for (ScoreCard card : cards) {
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
        List<Grading> gradings = new ArrayList<>(cards.size());
        for (ScoreCard card : cards) {
            Grade grade = card.toGrade();
            gradings.add(new Grading(version, List.of(grade)));
        }
        return gradings;
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
