package io.leadgrade.handoff;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.Routing;
import io.leadgrade.leads.GradingReason;
import io.leadgrade.leads.Lead;
import io.leadgrade.leads.LeadGraded;
import io.leadgrade.leads.LeadService;
import io.leadgrade.leads.LeadStatus;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Hands MQLs to sales: the moment a stored lead is graded an MQL (new, updated, active, re-graded, or at the end
 * of its nurture cool-down) it is routed to a territory by the routing rules, given a rep, and recorded with its
 * grade, tier, ruleset version and fired rules, once per cycle. Then watches the follow-up SLA.
 */
@Service
public class HandoffService {

    private static final Logger log = LoggerFactory.getLogger(HandoffService.class);

    private final MongoTemplate mongo;
    private final GradingService grading;
    private final LeadService leads;
    private final SalesTeam team;
    private final RepAssigner assigner;
    private final Outbox outbox;
    private final HandoffProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    HandoffService(
            MongoTemplate mongo,
            GradingService grading,
            LeadService leads,
            SalesTeam team,
            RepAssigner assigner,
            Outbox outbox,
            HandoffProperties properties,
            Clock clock,
            ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.grading = grading;
        this.leads = leads;
        this.team = team;
        this.assigner = assigner;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    /** Leads whose handoff failed (the store went away mid-way); the SLA check tries them again. */
    @Document("handoff_retries")
    record Retry(@Id String leadId, Instant at, String error) {}

    @EventListener
    void onGraded(LeadGraded graded) {
        if (!graded.mql()
                || graded.status() == LeadStatus.HANDED_OFF
                || graded.status() == LeadStatus.DISPOSITIONED
                || graded.nurtureUntil() != null && graded.at().isBefore(graded.nurtureUntil())) {
            return;
        }
        try {
            handOff(graded);
        } catch (RuntimeException e) {
            // The lead is stored and graded; its handoff must not be lost because this step failed.
            log.error("Handoff of lead {} failed; the next handoff check retries it", graded.leadId(), e);
            try {
                mongo.save(new Retry(graded.leadId(), graded.at(), e.getClass().getSimpleName()));
            } catch (RuntimeException alsoFailed) {
                log.error("Could not note lead {} for a handoff retry", graded.leadId(), alsoFailed);
            }
        }
    }

    private int retryFailed(Instant now) {
        int handedOff = 0;
        for (Retry retry : mongo.findAll(Retry.class)) {
            Lead lead = leads.get(retry.leadId());
            Handoff recorded = mongo.findById(lead.getId() + ":" + lead.getCycle(), Handoff.class);
            if (recorded != null && lead.getHandoffId() == null) {
                // The handoff was written but marking the lead failed: finish that step.
                leads.handedOff(lead.getId(), recorded.id(), recorded.territory(), recorded.repId());
                handedOff++;
            } else if (recorded == null && lead.getGrading() != null) {
                onGraded(new LeadGraded(
                        lead.getId(),
                        lead.getExternalId(),
                        lead.getCycle(),
                        lead.getStatus(),
                        lead.getNurtureUntil(),
                        lead.getGrading(),
                        lead.toLeadData(now),
                        GradingReason.DATA_UPDATE,
                        now));
                handedOff++;
            }
            mongo.remove(retry);
        }
        return handedOff;
    }

    /** Routes, assigns and records the handoff of the lead's current cycle, unless it exists already. */
    Optional<Handoff> handOff(LeadGraded graded) {
        String id = graded.leadId() + ":" + graded.cycle();
        if (mongo.findById(id, Handoff.class) != null) {
            return Optional.empty();
        }
        Instant now = graded.at();
        Grade grade = graded.grading().primary();
        Routing routing = grading.route(graded.input(), grade.grade(), team.activeProfiles());
        boolean fallback = routing.territory() == null;
        String territory = fallback ? properties.fallbackTerritory() : routing.territory();
        String rep = fallback ? null : assigner.assign(territory, now, Set.of()).orElse(null);
        List<Handoff.Step> steps = new ArrayList<>();
        steps.add(new Handoff.Step(
                now,
                "HANDED_OFF",
                null,
                fallback
                        ? "no routing rule matched: fallback queue " + territory
                        : "routed by \"" + routing.rule() + "\""));
        steps.add(new Handoff.Step(now, rep == null ? "QUEUED" : "ASSIGNED", rep, null));
        Handoff handoff = new Handoff(
                id,
                graded.leadId(),
                graded.externalId(),
                graded.cycle(),
                now,
                territory,
                routing.rule(),
                routing.region(),
                routing.segment(),
                fallback,
                rep,
                rep == null ? null : now,
                rep == null ? null : now.plus(properties.sla()),
                grade.grade(),
                grade.tier(),
                grade.model(),
                graded.grading().rulesetVersion(),
                grade.explanation(),
                graded.input().productLine(),
                graded.input().source(),
                graded.input(),
                HandoffStatus.OPEN,
                null,
                null,
                false,
                0,
                steps,
                null);
        try {
            handoff = mongo.insert(handoff);
            events.publishEvent(new HandoffChanged(null, handoff));
        } catch (DuplicateKeyException alreadyHandedOff) {
            if (rep != null) {
                assigner.release(rep, now);
            }
            return Optional.empty();
        }
        leads.handedOff(graded.leadId(), id, territory, rep);
        outbox.publish("LEAD_HANDED_OFF", graded.leadId(), graded.externalId(), details(handoff));
        return Optional.of(handoff);
    }

    /**
     * The handoff of a lead's current cycle as another system recorded it (an import of past outcomes): if the lead
     * has none, one is written as of {@code handedOffAt} (or {@code otherwise} when the source has no such date), with the lead's grade now (the grade LeadGrade gives the imported
     * profile), routed by the rules, to the rep the source names (kept as written; no round-robin slot is taken).
     * A handoff the rules made as the lead was imported, still without a disposition, is dated and assigned as the
     * source says.
     */
    public Handoff importedHandoff(Lead lead, Instant handedOffAt, Instant otherwise, String repId) {
        String id = lead.getId() + ":" + lead.getCycle();
        Handoff existing = mongo.findById(id, Handoff.class);
        Instant at = handedOffAt != null ? handedOffAt : existing != null ? existing.at() : otherwise;
        if (existing != null) {
            // Handed off by the rules as the lead was imported: dated and assigned as the source says.
            String rep = repId != null ? repId : existing.repId();
            if (existing.disposition() == null
                    && (!existing.at().equals(at) || !java.util.Objects.equals(rep, existing.repId()))) {
                Handoff backdated = mongo.save(existing.backdated(at, rep, at.plus(properties.sla()))
                        .withStep(new Handoff.Step(at, "IMPORTED", rep, "dated and assigned as in the source system")));
                events.publishEvent(new HandoffChanged(existing, backdated));
                leads.handedOff(lead.getId(), id, backdated.territory(), rep);
                return backdated;
            }
            return existing;
        }
        Grade grade = lead.getGrading().primary();
        LeadData input = lead.toLeadData(at);
        Routing routing = grading.route(input, grade.grade(), team.activeProfiles());
        String territory = routing.territory() == null ? properties.fallbackTerritory() : routing.territory();
        Handoff handoff = new Handoff(
                id,
                lead.getId(),
                lead.getExternalId(),
                lead.getCycle(),
                at,
                territory,
                routing.rule(),
                routing.region(),
                routing.segment(),
                routing.territory() == null,
                repId,
                repId == null ? null : at,
                repId == null ? null : at.plus(properties.sla()),
                grade.grade(),
                grade.tier(),
                grade.model(),
                lead.getGrading().rulesetVersion(),
                grade.explanation(),
                input.productLine(),
                input.source(),
                input,
                HandoffStatus.OPEN,
                null,
                null,
                false,
                0,
                List.of(new Handoff.Step(at, "IMPORTED", repId, "handed off in the source system")),
                null);
        try {
            handoff = mongo.insert(handoff);
        } catch (DuplicateKeyException raced) {
            return mongo.findById(id, Handoff.class);
        }
        events.publishEvent(new HandoffChanged(null, handoff));
        leads.handedOff(lead.getId(), id, territory, repId);
        return handoff;
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

    /** Saves a changed handoff (a disposition) under its version, releasing the rep's open slot on the first one. */
    public Handoff save(Handoff before, Handoff after) {
        Handoff saved = mongo.save(after);
        events.publishEvent(new HandoffChanged(before, saved));
        if (before.firstDispositionAt() == null && after.firstDispositionAt() != null && after.repId() != null) {
            assigner.closed(after.repId());
        }
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

    /** What one SLA check did. */
    public record Check(int assigned, int reassigned, int overdue, int retried) {}

    @Scheduled(
            fixedDelayString = "${leadgrade.handoff.check-interval:1m}",
            initialDelayString = "${leadgrade.handoff.check-interval:1m}")
    void scheduledCheck() {
        Check check = check();
        if (check.assigned() + check.reassigned() + check.overdue() + check.retried() > 0) {
            log.info(
                    "Handoff check: {} queued leads assigned, {} reassigned, {} newly overdue, {} failed handoffs retried",
                    check.assigned(),
                    check.reassigned(),
                    check.overdue(),
                    check.retried());
        }
    }

    /**
     * Looks at every open handoff without a disposition: a queued one gets a rep if one is free, one past the SLA is
     * published as overdue once, and with leadgrade.handoff.reassign-after set one left too long goes to another
     * rep. Each step is recorded in the handoff's history.
     */
    public synchronized Check check() {
        Instant now = clock.instant();
        int retried = retryFailed(now);
        int assigned = 0;
        int reassigned = 0;
        int overdue = 0;
        // Only the open handoffs that need something now, streamed: all of them could be millions after an import.
        List<Criteria> due = new ArrayList<>();
        due.add(Criteria.where("repId").is(null).and("fallback").is(false));
        if (properties.reassignAfter() != null) {
            due.add(Criteria.where("assignedAt").lte(now.minus(properties.reassignAfter())));
        }
        due.add(Criteria.where("dueAt").lt(now).and("overdueNoted").is(false));
        Query needing = Query.query(Criteria.where("status")
                        .is(HandoffStatus.OPEN)
                        .and("firstDispositionAt")
                        .is(null)
                        .orOperator(due))
                .cursorBatchSize(200);
        List<Handoff> open = new ArrayList<>();
        try (var stream = mongo.stream(needing, Handoff.class)) {
            stream.forEach(open::add);
        }
        for (Handoff handoff : open) {
            try {
                if (handoff.repId() == null) {
                    if (!handoff.fallback() && assign(handoff, now, false)) {
                        assigned++;
                    }
                } else if (properties.reassignAfter() != null
                        && !handoff.assignedAt()
                                .plus(properties.reassignAfter())
                                .isAfter(now)
                        && assign(handoff, now, true)) {
                    reassigned++;
                } else if (handoff.overdueAt(now) && !handoff.overdueNoted()) {
                    Handoff noted = mongo.save(handoff.markedOverdue()
                            .withStep(new Handoff.Step(
                                    now, "OVERDUE", handoff.repId(), "no disposition by " + handoff.dueAt())));
                    events.publishEvent(new HandoffChanged(handoff, noted));
                    outbox.publish("LEAD_OVERDUE", handoff.leadId(), handoff.externalId(), details(handoff));
                    overdue++;
                }
            } catch (OptimisticLockingFailureException changedMeanwhile) {
                // A disposition arrived while we looked: the next check sees the new state.
            }
        }
        return new Check(assigned, reassigned, overdue, retried);
    }

    private boolean assign(Handoff handoff, Instant now, boolean reassignment) {
        Set<String> exclude = reassignment ? Set.of(handoff.repId()) : Set.of();
        Optional<String> rep = assigner.assign(handoff.territory(), now, exclude);
        if (rep.isEmpty()) {
            return false;
        }
        Handoff next = handoff.assigned(rep.get(), now, now.plus(properties.sla()), reassignment)
                .withStep(new Handoff.Step(
                        now,
                        reassignment ? "REASSIGNED" : "ASSIGNED",
                        rep.get(),
                        reassignment
                                ? "from " + handoff.repId() + ": no disposition within " + properties.reassignAfter()
                                : "taken from the territory queue"));
        try {
            next = mongo.save(next);
        } catch (OptimisticLockingFailureException e) {
            assigner.release(rep.get(), now);
            throw e;
        }
        events.publishEvent(new HandoffChanged(handoff, next));
        if (reassignment) {
            assigner.closed(handoff.repId());
        }
        leads.assignedTo(handoff.leadId(), rep.get());
        outbox.publish(
                reassignment ? "LEAD_REASSIGNED" : "LEAD_ASSIGNED",
                handoff.leadId(),
                handoff.externalId(),
                details(next));
        return true;
    }

    /**
     * Moves an open handoff by hand (sales ops working the fallback queue, or overriding routing): to a territory,
     * and to a rep of it or, without one, to whoever the round robin picks there.
     */
    public Handoff move(String handoffId, String territoryId, String repId) {
        Handoff handoff = mongo.findById(handoffId, Handoff.class);
        if (handoff == null) {
            throw Problems.notFound("handoff", handoffId);
        }
        if (handoff.status() != HandoffStatus.OPEN) {
            throw Problems.conflict(
                    "Handoff closed",
                    "Handoff " + handoffId + " is " + handoff.status() + "; only open handoffs can be moved.",
                    Map.of("handoffId", handoffId));
        }
        Territory territory = team.territory(territoryId);
        List<FieldProblem> problems = new ArrayList<>();
        if (!territory.active()) {
            problems.add(new FieldProblem("territory", "is inactive; activate it first", territoryId));
        }
        Instant now = clock.instant();
        if (repId != null) {
            Rep rep = team.rep(repId);
            if (!rep.active() || !rep.territories().contains(territoryId)) {
                problems.add(new FieldProblem("repId", "must be an active rep of territory " + territoryId, repId));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        String rep = repId != null
                ? repId
                : assigner.assign(territoryId, now, Set.of()).orElse(null);
        Handoff moved = new Handoff(
                        handoff.id(),
                        handoff.leadId(),
                        handoff.externalId(),
                        handoff.cycle(),
                        handoff.at(),
                        territoryId,
                        "moved by hand",
                        handoff.region(),
                        handoff.segment(),
                        false,
                        rep,
                        rep == null ? null : now,
                        rep == null ? null : now.plus(properties.sla()),
                        handoff.grade(),
                        handoff.tier(),
                        handoff.model(),
                        handoff.rulesetVersion(),
                        handoff.explanation(),
                        handoff.productLine(),
                        handoff.source(),
                        handoff.input(),
                        handoff.status(),
                        handoff.firstDispositionAt(),
                        handoff.disposition(),
                        false,
                        handoff.reassignments(),
                        handoff.history(),
                        handoff.version())
                .withStep(new Handoff.Step(
                        now,
                        "MOVED",
                        rep,
                        "from " + handoff.territory() + (handoff.repId() == null ? "" : " (" + handoff.repId() + ")")
                                + " to " + territoryId));
        moved = mongo.save(moved);
        events.publishEvent(new HandoffChanged(handoff, moved));
        if (handoff.repId() != null) {
            assigner.closed(handoff.repId());
        }
        leads.handedOff(handoff.leadId(), handoff.id(), territoryId, rep);
        outbox.publish("LEAD_MOVED", handoff.leadId(), handoff.externalId(), details(moved));
        return moved;
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
