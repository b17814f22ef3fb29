package io.leadgrade.grading.engine;

import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.Routing;
import io.leadgrade.grading.TerritoryProfile;
import java.util.List;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieContainerSessionsPool;
import org.kie.api.runtime.KieSession;

/**
 * The routing rules of a ruleset ({@code routing/}) in their own KieBase: a lead and the active territories go in,
 * the territory comes out. Without routing rules the built-in match applies: the most specific territory that
 * covers the lead.
 */
final class RoutingModel implements AutoCloseable {

    static final String BUILT_IN = "Most specific territory covering the lead (built-in)";

    private final KieContainer container;
    private final KieContainerSessionsPool sessions;

    RoutingModel(KieContainer container) {
        this.container = container;
        this.sessions = container.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
    }

    Routing route(LeadData lead, String grade, List<TerritoryProfile> territories) {
        RoutingLead fact = new RoutingLead(lead, grade);
        KieSession session = sessions.newKieSession();
        try {
            session.insert(fact);
            territories.forEach(territory -> session.insert(new RoutingTerritory(territory)));
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        String territory = fact.decidedTerritory();
        boolean known = territories.stream().anyMatch(profile -> profile.id().equals(territory));
        // A rule naming a territory that does not exist (or is deactivated) must not lose the lead: no match.
        return new Routing(
                known ? territory : null, known ? fact.decidingRule() : null, fact.getRegion(), fact.getSegment());
    }

    static Routing builtIn(LeadData lead, String grade, List<TerritoryProfile> territories) {
        RoutingLead fact = new RoutingLead(lead, grade);
        RoutingTerritory best = null;
        for (TerritoryProfile profile : territories) {
            RoutingTerritory territory = new RoutingTerritory(profile);
            if (territory.covers(fact)
                    && (best == null
                            || territory.specificity() > best.specificity()
                            || territory.specificity() == best.specificity()
                                    && territory.getId().compareTo(best.getId()) < 0)) {
                best = territory;
            }
        }
        return new Routing(
                best == null ? null : best.getId(),
                best == null ? null : BUILT_IN,
                fact.getRegion(),
                fact.getSegment());
    }

    @Override
    public void close() {
        sessions.shutdown();
        container.dispose();
    }
}
