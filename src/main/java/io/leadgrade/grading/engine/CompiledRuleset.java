package io.leadgrade.grading.engine;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.MqlGap;
import io.leadgrade.grading.Routing;
import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.TerritoryProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One compiled ruleset version, ready to grade from any number of threads. Sessions come from a pool and are
 * reset after each use, so a grading never sees another's facts.
 */
public final class CompiledRuleset implements AutoCloseable {

    private final String version;
    private final RulesetFiles files;
    private final List<ScoringModel> models;
    private final RoutingModel routing;

    /**
     * @param models the product-line models first, the default model last
     * @param routing the routing rules, null when the ruleset has none
     */
    CompiledRuleset(RulesetFiles files, List<ScoringModel> models, RoutingModel routing) {
        this.version = files.version();
        this.files = files;
        this.models = List.copyOf(models);
        this.routing = routing;
    }

    /** The territory for a lead with this grade among the active territories, by the routing rules. */
    public Routing route(LeadData lead, String grade, List<TerritoryProfile> territories) {
        return routing == null
                ? RoutingModel.builtIn(lead, grade, territories)
                : routing.route(lead, grade, territories);
    }

    public String version() {
        return version;
    }

    /** The files this ruleset was compiled from. */
    public RulesetFiles files() {
        return files;
    }

    /** Number of rules in the ruleset, every model together, for health and logs. */
    public int ruleCount() {
        return models.stream().mapToInt(ScoringModel::ruleCount).sum();
    }

    /** Names of the scoring models, "default" among them. */
    public List<String> modelNames() {
        return models.stream().map(ScoringModel::name).toList();
    }

    /**
     * Static checks beyond compiling, as warnings with locations: unreachable letters, digits and grade cells, gaps
     * and overlaps in the thresholds, grades left unmapped, and rules that never fire on the rule tests given.
     */
    public List<RuleProblem> lint(List<RuleTestResult> tests) {
        List<RuleProblem> warnings = new ArrayList<>();
        for (ScoringModel model : models) {
            List<RuleTestResult> ofModel = tests.stream()
                    .filter(test -> test.grade() != null && test.grade().model().equals(model.name()))
                    .toList();
            warnings.addAll(RulesetLint.warnings(model, ofModel, !tests.isEmpty()));
        }
        return warnings;
    }

    /** The grades the default model hands off (its MQL set), found by running its mapping rules on every cell. */
    public Set<String> mqlGrades() {
        ScoringModel model = models.get(models.size() - 1);
        List<ScoreCard> cells = new ArrayList<>();
        for (char letter : "ABCD".toCharArray()) {
            for (int digit = 1; digit <= 4; digit++) {
                cells.add(ScoreCard.probe(model.name(), String.valueOf(letter), digit));
            }
        }
        model.probe(cells, true);
        Set<String> mql = new TreeSet<>();
        for (ScoreCard cell : cells) {
            boolean isMql = false;
            for (var decision : cell.decisions()) {
                if ("MQL".equals(decision.detail())) {
                    isMql = true;
                } else if ("not MQL".equals(decision.detail())) {
                    isMql = false;
                }
            }
            if (isMql) {
                mql.add(cell.fitLetter() + cell.engagementDigit());
            }
        }
        return mql;
    }

    /**
     * Why a grade is not an MQL by this ruleset's thresholds, mapping and rules (those of the model that gave the
     * grade); null when it is an MQL or the model is not part of this ruleset.
     */
    public MqlGap whyNotMql(Grade grade) {
        for (ScoringModel model : models) {
            if (model.name().equals(grade.model())) {
                return model.ladder().gap(grade, version);
            }
        }
        return null;
    }

    /** Names of every rule in every model, decision-table rows included; other models' as "model: rule". */
    public Set<String> ruleNames() {
        Set<String> names = new TreeSet<>();
        for (ScoringModel model : models) {
            model.ruleNames().forEach(rule -> names.add(model.isDefault() ? rule : model.name() + ": " + rule));
        }
        return names;
    }

    public Grading grade(LeadData lead) {
        return gradeAll(List.of(lead)).get(0);
    }

    /**
     * Grades leads with every model that applies to each: the model of the lead's product line gives the primary
     * grade, the default model grades every lead. Each model grades its leads in one engine session.
     */
    public List<Grading> gradeAll(List<LeadData> leads) {
        leads = momentsOf(leads);
        List<List<Grade>> grades = new ArrayList<>(leads.size());
        leads.forEach(lead -> grades.add(new ArrayList<>(models.size())));
        for (ScoringModel model : models) {
            List<Integer> applicable = new ArrayList<>(leads.size());
            List<LeadData> subset = new ArrayList<>(leads.size());
            for (int i = 0; i < leads.size(); i++) {
                if (model.appliesTo(leads.get(i))) {
                    applicable.add(i);
                    subset.add(leads.get(i));
                }
            }
            if (subset.isEmpty()) {
                continue;
            }
            List<Grade> graded = model.gradeAll(subset, version);
            for (int k = 0; k < applicable.size(); k++) {
                grades.get(applicable.get(k)).add(graded.get(k));
            }
        }
        List<Grading> gradings = new ArrayList<>(leads.size());
        grades.forEach(leadGrades -> gradings.add(new Grading(version, leadGrades)));
        return gradings;
    }

    /** Leads with activities must say when they are graded; for leads without, the moment changes nothing. */
    private static List<LeadData> momentsOf(List<LeadData> leads) {
        for (LeadData lead : leads) {
            if (lead.asOf() == null && !lead.activity().isEmpty()) {
                throw new IllegalArgumentException("a lead with activities is graded at a moment: set asOf");
            }
        }
        return leads;
    }

    /** The engagement settings of the default model. */
    public EngagementSettings engagementSettings() {
        return models.get(models.size() - 1).settings();
    }

    @Override
    public void close() {
        models.forEach(ScoringModel::close);
        if (routing != null) {
            routing.close();
        }
    }
}
