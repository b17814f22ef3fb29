package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.types.ObjectId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * The leads module's door for leads that arrive in a file (an import), as {@link LeadController} is for {@code POST
 * /api/leads}: another module hands it rows and learns what each did, and only the leads module writes lead
 * documents and their grading history. New leads of a batch go in with one write for the leads and one for their
 * first history entries; a history row (a lead another system already handed off) is recorded as of its own date;
 * any other row goes through the API's own path.
 */
@Service
public class LeadImport {

    /** What a row did to its lead. */
    public enum Change {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    private final LeadService service;
    private final LeadRepository leads;
    private final MongoTemplate mongo;
    private final GradingRecordRepository history;
    private final GradingService grading;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LeadImport(
            LeadService service,
            LeadRepository leads,
            MongoTemplate mongo,
            GradingRecordRepository history,
            GradingService grading,
            ApplicationEventPublisher events,
            Clock clock) {
        this.service = service;
        this.leads = leads;
        this.mongo = mongo;
        this.history = history;
        this.grading = grading;
        this.events = events;
        this.clock = clock;
    }

    /**
     * One row through the same path as {@code POST /api/leads}: creates the lead or applies the row to the stored one
     * (graded, announced, an MQL handed off), and says which it was; a row that changes nothing is unchanged.
     */
    public Change importOne(LeadRequest request) {
        Long before = leads.findByExternalId(request.externalId())
                .map(Lead::getVersion)
                .orElse(null);
        Lead after = service.upsert(request);
        if (before == null) {
            return Change.CREATED;
        }
        return before.equals(after.getVersion()) ? Change.UNCHANGED : Change.UPDATED;
    }

    /**
     * Creates many new leads in two writes (the leads, with the day each is next due for a decay review, and their first
     * history entries) instead of three or four per lead: the import's fast path. Each is graded and announced exactly as {@code POST /api/leads} would
     * (a new MQL is handed off). Requests whose external id is stored already, or repeats one earlier in the list,
     * are left out; so are any another writer created at the same moment. Returns the external ids it created; the
     * caller sends the rest through {@link #upsert}.
     */
    public Set<String> createAll(List<LeadRequest> requests) {
        Instant now = clock.instant();
        Set<String> wanted = new LinkedHashSet<>();
        requests.forEach(request -> wanted.add(request.externalId()));
        Set<String> stored = new HashSet<>();
        mongo.find(Query.query(Criteria.where("externalId").in(wanted)), Lead.class)
                .forEach(lead -> stored.add(lead.getExternalId()));
        List<Lead> fresh = new ArrayList<>();
        Set<String> taken = new HashSet<>(stored);
        for (LeadRequest request : requests) {
            if (taken.add(request.externalId())) {
                Lead lead = new Lead(new ObjectId().toHexString(), request.externalId(), now);
                lead.apply(request, now);
                fresh.add(lead);
            }
        }
        if (fresh.isEmpty()) {
            return Set.of();
        }
        List<LeadData> inputs = fresh.stream().map(lead -> lead.toLeadData(now)).toList();
        List<Grading> results = grading.gradeAll(inputs);
        for (int i = 0; i < fresh.size(); i++) {
            Lead lead = fresh.get(i);
            lead.grade(results.get(i), now);
            Instant review = grading.nextChange(inputs.get(i), results.get(i)).orElse(null);
            lead.reviewAt(review);
        }
        Set<String> written = insertAll(fresh);
        Set<String> created = new LinkedHashSet<>();
        List<GradingRecord> records = new ArrayList<>(written.size());
        List<LeadGraded> graded = new ArrayList<>(written.size());
        for (int i = 0; i < fresh.size(); i++) {
            Lead lead = fresh.get(i);
            if (!written.contains(lead.getId())) {
                continue;
            }
            Grading result = results.get(i);
            records.add(new GradingRecord(
                    lead.getId() + ":" + lead.getVersion(),
                    lead.getId(),
                    lead.getExternalId(),
                    now,
                    GradingReason.NEW_LEAD,
                    result.rulesetVersion(),
                    result.primary().grade(),
                    null,
                    result.grades(),
                    inputs.get(i)));
            graded.add(new LeadGraded(
                    lead.getId(),
                    lead.getExternalId(),
                    lead.getCycle(),
                    lead.getStatus(),
                    lead.getNurtureUntil(),
                    result,
                    null,
                    inputs.get(i),
                    GradingReason.NEW_LEAD,
                    now));
            created.add(lead.getExternalId());
        }
        mongo.insertAll(records);
        graded.forEach(events::publishEvent);
        return created;
    }

    /**
     * Records leads of another system's history (an import with outcomes) as of the moment each was handed off
     * there: a new lead is created then and graded then (its first history entry carries that date, so its grade
     * at handoff can be read with {@code asOf}), and graded again as of now when time has changed its grade since.
     * Nothing is announced: the handoff and the disposition the source recorded are written by their own modules
     * from the returned entries ({@code handoff.recordPast}, {@code dispositions.recordPast}), not set off by the
     * grade. New leads and their
     * history entries are written in one write each; a lead stored already is updated only
     * when the row changes it.
     *
     * @return one entry per request, in order (a repeat of an external id earlier in the list shares its entry)
     */
    public List<PastLeadRecorded> recordPast(List<PastLead> past) {
        Instant now = clock.instant();
        Map<String, Lead> stored = new HashMap<>();
        Set<String> wanted = new LinkedHashSet<>();
        past.forEach(one -> wanted.add(one.request().externalId()));
        mongo.find(Query.query(Criteria.where("externalId").in(wanted)), Lead.class)
                .forEach(lead -> stored.put(lead.getExternalId(), lead));
        Map<String, PastLeadRecorded> recorded = new HashMap<>();
        List<Lead> fresh = new ArrayList<>();
        List<GradingRecord> records = new ArrayList<>();
        for (PastLead one : past) {
            String externalId = one.request().externalId();
            if (recorded.containsKey(externalId)) {
                continue;
            }
            Instant at = one.handedOffAt().isAfter(now) ? now : one.handedOffAt();
            Lead lead = stored.get(externalId);
            if (lead != null) {
                boolean changed = lead.apply(one.request(), now);
                if (changed) {
                    lead = LeadService.retrying(() -> gradeQuietly(externalId, one.request(), now));
                }
                LeadData then = lead.toLeadData(at);
                recorded.put(
                        externalId,
                        new PastLeadRecorded(lead, grading.grade(then), then, false, changed, one.outcome()));
                continue;
            }
            lead = new Lead(new ObjectId().toHexString(), externalId, at);
            lead.apply(one.request(), at);
            LeadData then = lead.toLeadData(at);
            Grading atHandoff = grading.grade(then);
            LeadData today = lead.toLeadData(now);
            Grading current = grading.grade(today);
            lead.grade(current, now);
            Instant review = grading.nextChange(today, current).orElse(null);
            lead.reviewAt(review);
            records.add(
                    LeadService.record(lead.getId() + ":0", lead, at, GradingReason.NEW_LEAD, atHandoff, null, then));
            if (!current.grades().equals(atHandoff.grades())) {
                records.add(LeadService.record(
                        lead.getId() + ":0:now",
                        lead,
                        now,
                        GradingReason.DECAY,
                        current,
                        atHandoff.primary().grade(),
                        today));
            }
            fresh.add(lead);
            recorded.put(externalId, new PastLeadRecorded(lead, atHandoff, then, true, true, one.outcome()));
        }
        Set<String> written = fresh.isEmpty() ? Set.of() : insertAll(fresh);
        for (Lead lead : fresh) {
            if (!written.contains(lead.getId())) {
                // Another writer created it meanwhile: the row is done again through the stored lead next time.
                recorded.remove(lead.getExternalId());
            }
        }
        List<GradingRecord> ofWritten = records.stream()
                .filter(record -> written.contains(record.leadId()))
                .toList();
        if (!ofWritten.isEmpty()) {
            mongo.insertAll(ofWritten);
        }
        return past.stream()
                .map(one -> recorded.get(one.request().externalId()))
                .toList();
    }

    /** Applies a history row to a stored lead and grades it as of now, without announcing the grade. */
    private Lead gradeQuietly(String externalId, LeadRequest request, Instant now) {
        Lead lead = leads.findByExternalId(externalId).orElseThrow(() -> new LeadNotFoundException(externalId));
        lead.apply(request, now);
        String previousGrade = lead.getGrade();
        LeadData input = lead.toLeadData(now);
        Grading result = grading.grade(input);
        boolean regraded = lead.getGrading() == null
                || !result.grades().equals(lead.getGrading().grades());
        lead.grade(result, now);
        lead.reviewAt(grading.nextChange(input, result).orElse(null));
        Lead saved = leads.save(lead);
        if (regraded) {
            history.save(LeadService.record(
                    saved.getId() + ":" + saved.getVersion(),
                    saved,
                    now,
                    GradingReason.DATA_UPDATE,
                    result,
                    previousGrade,
                    input));
        }
        return saved;
    }

    /** Inserts the leads in one write; when another writer took some external id meanwhile, those are left out. */
    private Set<String> insertAll(List<Lead> fresh) {
        Set<String> ids = new HashSet<>();
        try {
            mongo.insertAll(fresh);
            fresh.forEach(lead -> ids.add(lead.getId()));
        } catch (DuplicateKeyException | org.springframework.data.mongodb.BulkOperationException raceLost) {
            Query ours = Query.query(
                    Criteria.where("_id").in(fresh.stream().map(Lead::getId).toList()));
            ours.fields().include("_id");
            mongo.find(ours, org.bson.Document.class, mongo.getCollectionName(Lead.class))
                    .forEach(lead -> ids.add(String.valueOf(lead.get("_id"))));
        }
        return ids;
    }
}
