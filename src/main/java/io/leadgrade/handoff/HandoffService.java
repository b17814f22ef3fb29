package io.leadgrade.handoff;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.Routing;
import io.leadgrade.grading.TerritoryProfile;
import io.leadgrade.leads.Lead;
import io.leadgrade.leads.LeadHandedOff;
import io.leadgrade.leads.LeadQualified;
import io.leadgrade.leads.LeadStatus;
import io.leadgrade.leads.PastHandoffsRecorded;
import io.leadgrade.leads.PastLeadRecorded;
import io.leadgrade.system.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands MQLs to sales: the moment a stored lead is graded an MQL (new, updated, active, re-graded, or at the end
 * of its nurture cool-down) it is routed to a territory by the routing rules, given a rep, and recorded with its
 * grade, tier, ruleset version and fired rules, once per cycle. Handoffs from another system's history are recorded
 * as that system made them. The SLA check ({@link SlaCheck}) and moves by hand ({@link HandoffMoves}) follow on.
 */
@Service
public class HandoffService {

    private final MongoTemplate mongo;
    private final GradingService grading;
    private final SalesTeam team;
    private final RepAssigner assigner;
    private final Outbox outbox;
    private final HandoffProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    HandoffService(
            MongoTemplate mongo,
            GradingService grading,
            SalesTeam team,
            RepAssigner assigner,
            Outbox outbox,
            HandoffProperties properties,
            Clock clock,
            ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.grading = grading;
        this.team = team;
        this.assigner = assigner;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Hands off a lead that became an MQL. The event comes through the event publication registry: stored with
     * the grading that made the lead an MQL, delivered once that is committed, and delivered again (at start-up,
     * or by the resubmission job) when this fails or the process dies first. A lead handed off already is left
     * alone, so a second delivery changes nothing.
     */
    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(LeadQualified qualified) {
        handOff(qualified);
    }

    /** Routes, assigns and records the handoff of the lead's current cycle, unless it exists already. */
    Optional<Handoff> handOff(LeadQualified graded) {
        Instant now = graded.at();
        Grade grade = graded.grading().primary();
        Routing routing = grading.route(graded.input(), grade.grade(), team.activeProfiles());
        boolean fallback = routing.territory() == null;
        String territory = fallback ? properties.fallbackTerritory() : routing.territory();
        String rep = fallback ? null : assigner.assign(territory, now, Set.of()).orElse(null);
        List<Handoff.Step> steps = List.of(
                new Handoff.Step(
                        now,
                        "HANDED_OFF",
                        null,
                        fallback
                                ? "no routing rule matched: fallback queue " + territory
                                : "routed by \"" + routing.rule() + "\""),
                new Handoff.Step(now, rep == null ? "QUEUED" : "ASSIGNED", rep, null));
        Handoff handoff = Handoff.opened(
                graded.leadId(),
                graded.externalId(),
                graded.cycle(),
                now,
                grade,
                graded.grading().rulesetVersion(),
                graded.input(),
                new Handoff.Placement(territory, routing, rep, rep == null ? null : now.plus(properties.sla())),
                steps);
        try {
            handoff = mongo.insert(handoff);
        } catch (DuplicateKeyException alreadyHandedOff) {
            if (rep != null) {
                assigner.release(rep, now);
            }
            // Delivered again after a failure: the lead may not have recorded its handoff yet (it does so once).
            Handoff existing = mongo.findById(handoff.id(), Handoff.class);
            if (existing != null) {
                events.publishEvent(handedOff(existing));
            }
            return Optional.empty();
        }
        events.publishEvent(new HandoffChanged(null, handoff));
        events.publishEvent(handedOff(handoff));
        outbox.publish("LEAD_HANDED_OFF", graded.leadId(), graded.externalId(), details(handoff));
        return Optional.of(handoff);
    }

    /**
     * Records the handoffs another system made (an import of history), as that system made them: dated when it
     * handed the lead off, with the grade the lead had then, to the rep it names (no round-robin slot, no open-lead
     * count), in that rep's territory (or where the routing rules place the lead when the rep is not one of ours
     * or covers several). History is not news and not work to follow up: nothing goes to the outbox, and the SLA
     * check leaves these handoffs alone. Leads whose current cycle has a handoff already keep it. One write for the
     * batch; the leads record theirs from one {@link PastHandoffsRecorded}.
     *
     * @return the handoffs of the batch's leads, new or found, by lead id
     */
    public Map<String, PastHandoffRecorded> recordPast(List<PastLeadRecorded> past) {
        Map<String, PastLeadRecorded> byId = new LinkedHashMap<>();
        past.forEach(
                one -> byId.putIfAbsent(one.lead().getId() + ":" + one.lead().getCycle(), one));
        Map<String, PastHandoffRecorded> result = new LinkedHashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(byId.keySet())), Handoff.class)
                .forEach(found -> result.put(
                        found.leadId(),
                        new PastHandoffRecorded(
                                found, false, byId.get(found.id()).outcome())));
        Map<String, Rep> reps = new java.util.HashMap<>();
        team.repsForRouting().forEach(rep -> reps.put(rep.id(), rep));
        List<TerritoryProfile> profiles = team.activeProfiles();
        List<Handoff> handoffs = new ArrayList<>();
        for (PastLeadRecorded one : byId.values()) {
            if (!result.containsKey(one.lead().getId())) {
                handoffs.add(pastHandoff(one, reps.get(one.outcome().repId()), profiles));
            }
        }
        Set<String> written = insertIgnoringDuplicates(handoffs);
        List<LeadHandedOff> recorded = new ArrayList<>();
        for (Handoff handoff : handoffs) {
            if (written.contains(handoff.id())) {
                events.publishEvent(new HandoffChanged(null, handoff));
                recorded.add(handedOff(handoff));
                result.put(
                        handoff.leadId(),
                        new PastHandoffRecorded(
                                handoff, true, byId.get(handoff.id()).outcome()));
            }
        }
        if (!recorded.isEmpty()) {
            events.publishEvent(new PastHandoffsRecorded(recorded));
        }
        return result;
    }

    private Handoff pastHandoff(PastLeadRecorded one, Rep rep, List<TerritoryProfile> profiles) {
        Lead lead = one.lead();
        Instant at = one.outcome().handedOffAt();
        String repId = one.outcome().repId();
        Grade grade = one.atHandoff().primary();
        Routing routing = grading.route(one.inputAtHandoff(), grade.grade(), profiles);
        String territory;
        if (rep != null && rep.territories().size() == 1) {
            territory = rep.territories().get(0);
            routing = new Routing(territory, "the territory of " + rep.id(), routing.region(), routing.segment());
        } else {
            territory = routing.territory() == null ? properties.fallbackTerritory() : routing.territory();
        }
        // A handoff older than the SLA is history: no due date, so it never shows as overdue.
        Instant due = at.plus(properties.sla());
        Instant dueAt = repId == null || !due.isAfter(clock.instant()) ? null : due;
        return Handoff.opened(
                lead.getId(),
                lead.getExternalId(),
                lead.getCycle(),
                at,
                grade,
                one.atHandoff().rulesetVersion(),
                one.inputAtHandoff(),
                new Handoff.Placement(territory, routing, repId, dueAt),
                List.of(new Handoff.Step(at, Handoff.IMPORTED, repId, "handed off in the source system")));
    }

    /** Inserts the handoffs in one unordered write; those another writer stored first are left out. */
    private Set<String> insertIgnoringDuplicates(List<Handoff> fresh) {
        Set<String> written = new HashSet<>();
        if (fresh.isEmpty()) {
            return written;
        }
        try {
            mongo.insertAll(fresh);
            fresh.forEach(handoff -> written.add(handoff.id()));
        } catch (DuplicateKeyException | org.springframework.data.mongodb.BulkOperationException raced) {
            Query ours = Query.query(
                    Criteria.where("_id").in(fresh.stream().map(Handoff::id).toList()));
            Map<String, Handoff> mine = new java.util.HashMap<>();
            fresh.forEach(handoff -> mine.put(handoff.id(), handoff));
            mongo.find(ours, Handoff.class).stream()
                    .filter(stored ->
                            stored.history().equals(mine.get(stored.id()).history()))
                    .forEach(stored -> written.add(stored.id()));
        }
        return written;
    }

    static LeadHandedOff handedOff(Handoff handoff) {
        return new LeadHandedOff(handoff.leadId(), handoff.id(), handoff.territory(), handoff.repId(), handoff.at());
    }

    /** The handoff of a lead's current cycle, or 409 naming why there is none. */
    public Handoff currentOf(String leadId, int cycle, LeadStatus status) {
        Handoff handoff = mongo.findById(leadId + ":" + cycle, Handoff.class);
        if (handoff == null) {
            String why = status == LeadStatus.RECYCLED
                    ? "it was recycled to nurture and has not been handed off again"
                    : "it has not been handed off to sales (it is not an MQL, or was not yet)";
            throw Problems.conflict(
                    "Lead not handed off",
                    "Lead " + leadId + " cannot take a disposition: " + why + ".",
                    Map.of("leadId", leadId, "status", status.name()));
        }
        return handoff;
    }

    /** Adds a step to a handoff's history (an opportunity won or lost), under its version. */
    public Handoff recordStep(Handoff handoff, Handoff.Step step) {
        Handoff saved = mongo.save(handoff.withStep(step));
        events.publishEvent(new HandoffChanged(handoff, saved));
        return saved;
    }

    public List<Handoff> ofLead(String leadId) {
        return mongo.find(Query.query(Criteria.where("leadId").is(leadId)).with(Sort.by("cycle")), Handoff.class);
    }

    /** Handoffs filtered by territory, rep, status and overdue, newest first. */
    public List<Handoff> search(
            String territory, String rep, HandoffStatus status, Boolean overdue, int page, int size) {
        Criteria criteria = new Criteria();
        if (territory != null) {
            criteria.and("territory").is(territory);
        }
        if (rep != null) {
            criteria.and("repId").is(rep);
        }
        boolean overdueOnly = Boolean.TRUE.equals(overdue);
        if (overdueOnly && status != null && status != HandoffStatus.OPEN) {
            return List.of(); // only open handoffs can be overdue
        }
        if (status != null || overdueOnly) {
            criteria.and("status").is(overdueOnly ? HandoffStatus.OPEN : status);
        }
        Instant now = clock.instant();
        if (overdueOnly) {
            criteria.and("firstDispositionAt").is(null).and("dueAt").lt(now);
        }
        return mongo.find(
                Query.query(criteria)
                        .with(PageRequest.of(page, size, Sort.by(Sort.Order.desc("at"), Sort.Order.asc("_id")))),
                Handoff.class);
    }

    static Map<String, Object> details(Handoff handoff) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("handoffId", handoff.id());
        data.put("territory", handoff.territory());
        data.put("repId", handoff.repId());
        data.put("grade", handoff.grade());
        data.put("tier", handoff.tier() == null ? null : handoff.tier().name());
        data.put("rulesetVersion", handoff.rulesetVersion());
        return data;
    }
}
