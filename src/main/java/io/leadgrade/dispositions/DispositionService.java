package io.leadgrade.dispositions;

import io.leadgrade.handoff.Handoff;
import io.leadgrade.handoff.HandoffService;
import io.leadgrade.handoff.Outbox;
import io.leadgrade.handoff.PastHandoffRecorded;
import io.leadgrade.leads.DispositionRecorded;
import io.leadgrade.leads.Lead;
import io.leadgrade.leads.LeadNotFoundException;
import io.leadgrade.leads.LeadRecycled;
import io.leadgrade.leads.LeadService;
import io.leadgrade.leads.PastDispositionsRecorded;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what sales did with a handed-off lead and sets off what the code means: SQO counts as a conversion,
 * EARLY_STAGE and NO_INTEREST send the lead back to nurture, BAD_DATA marks it for repair, DUPLICATE links it to
 * its survivor. Each is published to the outbox for other systems.
 */
@Service
public class DispositionService {

    private final MongoTemplate mongo;
    private final LeadService leads;
    private final HandoffService handoffs;
    private final Outbox outbox;
    private final DispositionProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;

    DispositionService(
            MongoTemplate mongo,
            LeadService leads,
            HandoffService handoffs,
            Outbox outbox,
            DispositionProperties properties,
            Clock clock,
            ApplicationEventPublisher events,
            TransactionTemplate transactions) {
        this.mongo = mongo;
        this.leads = leads;
        this.handoffs = handoffs;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.transactions = transactions;
    }

    public List<DispositionProperties.Code> codes() {
        return properties.codes();
    }

    /**
     * Records a rep's outcome for the lead's current handoff: the disposition, the handoff closed or recycled, the
     * lead, and the outbox events, made durable together before it returns.
     */
    public Disposition record(String idOrExternalId, DispositionRequest request) {
        return transactions.execute(unit -> recordNow(idOrExternalId, request));
    }

    private Disposition recordNow(String idOrExternalId, DispositionRequest request) {
        DispositionProperties.Code code = known(request.code());
        Lead lead = leads.get(idOrExternalId);
        String survivor = survivorOf(lead, code, request.duplicateOf());
        Handoff handoff = handoffs.currentOf(lead.getId(), lead.getCycle(), lead.getStatus());
        Instant now = clock.instant();
        Disposition disposition = mongo.insert(new Disposition(
                new ObjectId().toHexString(),
                lead.getId(),
                lead.getExternalId(),
                handoff.id(),
                handoff.cycle(),
                "DISPOSITION",
                code.code(),
                code.action(),
                request.note(),
                request.opportunityAmount(),
                survivor,
                handoff.repId(),
                handoff.territory(),
                now));
        boolean recycles = code.action() == DispositionAction.RECYCLE;
        events.publishEvent(new DispositionRecorded(
                lead.getId(),
                handoff.id(),
                code.code(),
                recycles,
                code.action() == DispositionAction.DATA_REPAIR,
                survivor,
                code.code() + (request.note() == null ? "" : ": " + request.note()),
                now));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code.code());
        data.put("handoffId", handoff.id());
        data.put("repId", handoff.repId());
        data.put("amount", request.opportunityAmount());
        List<Outbox.Draft> news = new java.util.ArrayList<>();
        news.add(new Outbox.Draft("DISPOSITION_RECORDED", lead.getId(), lead.getExternalId(), data));
        if (recycles) {
            Instant until = now.plus(properties.recycleCoolDown());
            events.publishEvent(new LeadRecycled(lead.getId(), until, now));
            news.add(new Outbox.Draft(
                    "LEAD_RECYCLED", lead.getId(), lead.getExternalId(), Map.of("nurtureUntil", until.toString())));
        }
        switch (code.action()) {
            case DATA_REPAIR ->
                news.add(new Outbox.Draft("DATA_REPAIR_REQUESTED", lead.getId(), lead.getExternalId(), data));
            case DUPLICATE ->
                news.add(new Outbox.Draft(
                        "LEAD_DUPLICATE", lead.getId(), lead.getExternalId(), Map.of("survivorId", survivor)));
            case CONVERT -> news.add(new Outbox.Draft("LEAD_CONVERTED", lead.getId(), lead.getExternalId(), data));
            case NONE, RECYCLE -> {}
        }
        outbox.publishAll(news);
        return disposition;
    }

    /**
     * Past outcomes another system recorded (an import of history): the disposition of each handoff whose outcome
     * has a code, as of its close date, written once (a handoff that has this code already is left out), in one write for the batch. History is
     * not news: nothing is published to the outbox, and a recycling code closes the handoff without sending the
     * lead back to nurture. The handoffs and leads record theirs from one {@link PastDispositionsRecorded}.
     *
     * @return the handoff ids that got a disposition
     */
    public java.util.Set<String> recordPast(java.util.Collection<PastHandoffRecorded> handedOff) {
        List<Disposition> fresh = new java.util.ArrayList<>();
        List<DispositionRecorded> recorded = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PastHandoffRecorded past : handedOff) {
            Handoff handoff = past.handoff();
            String code = past.outcome().code();
            Instant at = past.outcome().closedAt();
            if (code == null || code.equals(handoff.disposition()) || !seen.add(handoff.id())) {
                continue;
            }
            DispositionProperties.Code known = known(code);
            fresh.add(new Disposition(
                    handoff.id() + ":imported:" + code,
                    handoff.leadId(),
                    handoff.externalId(),
                    handoff.id(),
                    handoff.cycle(),
                    "DISPOSITION",
                    code,
                    known.action(),
                    "imported",
                    null,
                    null,
                    handoff.repId(),
                    handoff.territory(),
                    at));
            recorded.add(new DispositionRecorded(
                    handoff.leadId(),
                    handoff.id(),
                    code,
                    known.action() == DispositionAction.RECYCLE,
                    known.action() == DispositionAction.DATA_REPAIR,
                    null,
                    code + " (imported)",
                    at));
        }
        if (fresh.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> written = insertIgnoringDuplicates(fresh);
        List<DispositionRecorded> ofWritten = recorded.stream()
                .filter(one -> written.contains(one.handoffId()))
                .toList();
        if (!ofWritten.isEmpty()) {
            events.publishEvent(new PastDispositionsRecorded(ofWritten));
        }
        return written;
    }

    /** The code's definition; an unknown code is a field problem naming the codes there are. */
    private DispositionProperties.Code known(String code) {
        DispositionProperties.Code known = properties.find(code);
        if (known == null) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("code", "must be one of " + String.join(", ", properties.names()), code)));
        }
        return known;
    }

    /** Inserts in one unordered write; answers the handoff ids now holding their disposition (raced ones too). */
    private java.util.Set<String> insertIgnoringDuplicates(List<Disposition> fresh) {
        try {
            mongo.insertAll(fresh);
        } catch (org.springframework.dao.DuplicateKeyException
                | org.springframework.data.mongodb.BulkOperationException raced) {
            // Done before a crash, or by another instance: those that are stored count as written once.
            java.util.Set<String> stored = new java.util.HashSet<>();
            mongo.find(
                            Query.query(Criteria.where("_id")
                                    .in(fresh.stream().map(Disposition::id).toList())),
                            Disposition.class)
                    .forEach(one -> stored.add(one.handoffId()));
            return stored;
        }
        java.util.Set<String> written = new java.util.HashSet<>();
        fresh.forEach(one -> written.add(one.handoffId()));
        return written;
    }

    /** The opportunity of a converted lead was won or lost; its writes are made durable together. */
    public Disposition opportunity(String idOrExternalId, OpportunityRequest request) {
        return transactions.execute(unit -> opportunityNow(idOrExternalId, request));
    }

    private Disposition opportunityNow(String idOrExternalId, OpportunityRequest request) {
        Lead lead = leads.get(idOrExternalId);
        Handoff handoff = handoffs.currentOf(lead.getId(), lead.getCycle(), lead.getStatus());
        DispositionProperties.Code code = properties.find(handoff.disposition());
        if (code == null || code.action() != DispositionAction.CONVERT) {
            throw Problems.conflict(
                    "No opportunity",
                    "Lead " + lead.getId() + " has no opportunity: its disposition is "
                            + (handoff.disposition() == null ? "not recorded yet" : handoff.disposition())
                            + "; record a converting disposition (such as SQO) first.",
                    Map.of("leadId", lead.getId()));
        }
        Instant now = clock.instant();
        String kind = "OPPORTUNITY_" + request.outcome().name();
        Disposition outcome = mongo.insert(new Disposition(
                new ObjectId().toHexString(),
                lead.getId(),
                lead.getExternalId(),
                handoff.id(),
                handoff.cycle(),
                kind,
                handoff.disposition(),
                code.action(),
                request.note(),
                request.amount(),
                null,
                handoff.repId(),
                handoff.territory(),
                now));
        handoffs.recordStep(
                handoff,
                new Handoff.Step(
                        now,
                        kind,
                        handoff.repId(),
                        request.amount() == null ? null : request.amount().toPlainString()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("handoffId", handoff.id());
        data.put("amount", request.amount());
        outbox.publish(kind, lead.getId(), lead.getExternalId(), data);
        return outcome;
    }

    /** Every disposition and opportunity outcome of the lead, oldest first. */
    public List<Disposition> history(String idOrExternalId) {
        Lead lead = leads.get(idOrExternalId);
        return mongo.find(
                Query.query(Criteria.where("leadId").is(lead.getId())).with(Sort.by("at", "_id")), Disposition.class);
    }

    private String survivorOf(Lead lead, DispositionProperties.Code code, String duplicateOf) {
        if (code.action() != DispositionAction.DUPLICATE) {
            return null;
        }
        if (duplicateOf == null || duplicateOf.isBlank()) {
            throw new InvalidRequestException(List.of(new FieldProblem(
                    "duplicateOf", "must name the surviving lead (id or external id) for " + code.code(), null)));
        }
        try {
            Lead survivor = leads.get(duplicateOf);
            if (survivor.getId().equals(lead.getId())) {
                throw new InvalidRequestException(
                        List.of(new FieldProblem("duplicateOf", "must name another lead, not this one", duplicateOf)));
            }
            return survivor.getId();
        } catch (LeadNotFoundException e) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("duplicateOf", "no lead has this id or external id", duplicateOf)));
        }
    }
}
