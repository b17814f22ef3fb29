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
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.types.ObjectId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates and updates leads by external id, grades them, and appends to the grading history whenever the grading
 * changes. Concurrent writers of the same lead are serialised by its version: a writer that loses the race reads
 * the lead again and reapplies its change.
 */
@Service
public class LeadService {

    private static final int ATTEMPTS = 5;

    private final LeadRepository leads;
    private final MongoTemplate mongo;
    private final GradingRecordRepository history;
    private final GradingService grading;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    LeadService(
            LeadRepository leads,
            MongoTemplate mongo,
            GradingRecordRepository history,
            GradingService grading,
            ApplicationEventPublisher events,
            Clock clock,
            TransactionTemplate transactions) {
        this.leads = leads;
        this.mongo = mongo;
        this.history = history;
        this.grading = grading;
        this.events = events;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Creates the lead or applies the request to the stored one; sending the same body twice changes nothing. Its
     * writes (the lead, its history entry, the event publications of what it set off) are one unit of work, committed
     * before what it set off (a handoff) runs; it answers the lead as stored after all of it.
     */
    public Lead upsert(LeadRequest request) {
        return upsert(request, grading::grade);
    }

    /** The same upsert with another grader: the benchmark's bare endpoint stores a fixed grading. */
    Lead upsert(LeadRequest request, Function<LeadData, Grading> grader) {
        Lead written = transactions.execute(unit -> retrying(() -> upsertOnce(request, grader)));
        // Read back once the unit is committed and what it set off (a handoff, recorded on the lead) is done.
        return leads.findById(written.getId()).orElse(written);
    }

    /**
     * Creates many new leads in two writes (the leads, with the day each is next due for a decay review, and their first
     * history entries) instead of three or four per lead: the import's fast path. Each is graded and announced exactly as {@link #upsert} would
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
     * ({@code handoff.recordPast}, {@code dispositions.recordPast}), not set off by the grade. New leads and their
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
                    lead = retrying(() -> gradeQuietly(externalId, one.request(), now));
                }
                LeadData then = lead.toLeadData(at);
                recorded.put(externalId, new PastLeadRecorded(lead, grading.grade(then), then, false, changed));
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
            records.add(record(lead.getId() + ":0", lead, at, GradingReason.NEW_LEAD, atHandoff, null, then));
            if (!current.grades().equals(atHandoff.grades())) {
                records.add(record(
                        lead.getId() + ":0:now",
                        lead,
                        now,
                        GradingReason.DECAY,
                        current,
                        atHandoff.primary().grade(),
                        today));
            }
            fresh.add(lead);
            recorded.put(externalId, new PastLeadRecorded(lead, atHandoff, then, true, true));
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
            history.save(record(
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

    private static GradingRecord record(
            String id,
            Lead lead,
            Instant at,
            GradingReason reason,
            Grading result,
            String previousGrade,
            LeadData input) {
        return new GradingRecord(
                id,
                lead.getId(),
                lead.getExternalId(),
                at,
                reason,
                result.rulesetVersion(),
                result.primary().grade(),
                previousGrade,
                result.grades(),
                input);
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

    /** Runs a read-modify-write again when another writer changed the lead in between. */
    static <T> T retrying(Supplier<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.get();
            } catch (DuplicateKeyException | OptimisticLockingFailureException raceLost) {
                if (attempt == ATTEMPTS) {
                    throw raceLost;
                }
            }
        }
    }

    private Lead upsertOnce(LeadRequest request, Function<LeadData, Grading> grader) {
        Instant now = clock.instant();
        Lead lead = leads.findByExternalId(request.externalId()).orElse(null);
        boolean created = lead == null;
        if (created) {
            lead = new Lead(request.externalId(), now);
        }
        boolean changed = lead.apply(request, now);
        if (!created && !changed) {
            return lead;
        }
        return gradeAndSave(lead, created ? GradingReason.NEW_LEAD : GradingReason.DATA_UPDATE, now, grader);
    }

    /**
     * Grades the lead as of now and stores it; when its grading changed (or it is new), appends a history entry
     * with the reason. When time passing alone will change its grade, its {@code reviewAt} says when, for the decay run.
     */
    Lead gradeAndSave(Lead lead, GradingReason reason, Instant now) {
        return gradeAndSave(lead, reason, now, grading::grade);
    }

    private Lead gradeAndSave(Lead lead, GradingReason reason, Instant now, Function<LeadData, Grading> grader) {
        boolean created = lead.getId() == null;
        String previousGrade = lead.getGrade();
        LeadData input = lead.toLeadData(now);
        Grading result = grader.apply(input);
        boolean regraded = created
                || lead.getGrading() == null
                || !result.grades().equals(lead.getGrading().grades());
        Instant review = grading.nextChange(input, result).orElse(null);
        // A recycled lead is looked at again when its cool-down ends: it may be handed off then.
        if (lead.getNurtureUntil() != null
                && lead.getNurtureUntil().isAfter(now)
                && (review == null || lead.getNurtureUntil().isBefore(review))) {
            review = lead.getNurtureUntil();
        }
        lead.grade(result, now);
        lead.reviewAt(review);
        Lead saved = leads.save(lead);
        if (regraded) {
            history.save(new GradingRecord(
                    saved.getId() + ":" + saved.getVersion(),
                    saved.getId(),
                    saved.getExternalId(),
                    now,
                    reason,
                    result.rulesetVersion(),
                    result.primary().grade(),
                    previousGrade,
                    result.grades(),
                    input));
        }
        events.publishEvent(new LeadGraded(
                saved.getId(),
                saved.getExternalId(),
                saved.getCycle(),
                saved.getStatus(),
                saved.getNurtureUntil(),
                result,
                previousGrade,
                input,
                reason,
                now));
        return saved;
    }

    /**
     * Grades many stored leads as of {@code now} and writes them in bulk (the decay run): one version-checked
     * update per lead in one bulk write, their history entries in one insert, then each grading announced as {@link #gradeAndSave} would. A lead another writer changed meanwhile is
     * graded again on its own. Answers how many changed grade.
     */
    int gradeAllAndSave(List<Lead> batch, GradingReason reason, Instant now) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<LeadData> inputs = batch.stream().map(lead -> lead.toLeadData(now)).toList();
        List<Grading> results = grading.gradeAll(inputs);
        org.springframework.data.mongodb.core.BulkOperations updates =
                mongo.bulkOps(org.springframework.data.mongodb.core.BulkOperations.BulkMode.UNORDERED, Lead.class);
        Map<String, GradingRecord> records = new java.util.LinkedHashMap<>();
        Map<String, LeadGraded> graded = new java.util.LinkedHashMap<>();
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Lead lead = batch.get(i);
            Grading result = results.get(i);
            String previousGrade = lead.getGrade();
            boolean regraded = lead.getGrading() == null
                    || !result.grades().equals(lead.getGrading().grades());
            Instant review = reviewAfter(lead, inputs.get(i), result, now);
            long next = lead.getVersion() + 1;
            updates.updateOne(
                    Query.query(Criteria.where("_id")
                            .is(new ObjectId(lead.getId()))
                            .and("version")
                            .is(lead.getVersion())),
                    new org.springframework.data.mongodb.core.query.Update()
                            .set("grading", result)
                            .set("grade", result.primary().grade())
                            .set("tier", result.primary().tier())
                            .set("mql", result.primary().mql())
                            .set("gradedAt", now)
                            .set("reviewAt", review)
                            .set("version", next));
            versions.put(lead.getId(), next);
            if (regraded) {
                lead.grade(result, now);
                records.put(
                        lead.getId(),
                        record(lead.getId() + ":" + next, lead, now, reason, result, previousGrade, inputs.get(i)));
            }
            graded.put(
                    lead.getId(),
                    new LeadGraded(
                            lead.getId(),
                            lead.getExternalId(),
                            lead.getCycle(),
                            lead.getStatus(),
                            lead.getNurtureUntil(),
                            result,
                            previousGrade,
                            inputs.get(i),
                            reason,
                            now));
        }
        int matched = updates.execute().getMatchedCount();
        List<String> raced = new ArrayList<>();
        if (matched < batch.size()) {
            // Another writer changed some: those not at the version written here are graded again one by one.
            Set<String> written = new HashSet<>();
            Query ours = Query.query(Criteria.where("_id").in(versions.keySet()));
            ours.fields().include("_id").include("version");
            mongo.find(ours, org.bson.Document.class, mongo.getCollectionName(Lead.class))
                    .forEach(found -> {
                        String id = String.valueOf(found.get("_id"));
                        if (versions.get(id).equals(((Number) found.get("version")).longValue())) {
                            written.add(id);
                        }
                    });
            versions.keySet().stream().filter(id -> !written.contains(id)).forEach(raced::add);
            raced.forEach(id -> {
                records.remove(id);
                graded.remove(id);
            });
        }
        if (!records.isEmpty()) {
            mongo.insertAll(records.values());
        }
        graded.values().forEach(events::publishEvent);
        int changed = records.size();
        for (String id : raced) {
            Lead again = retrying(() -> {
                Lead fresh = leads.findById(id).orElse(null);
                return fresh == null ? null : gradeAndSave(fresh, reason, now);
            });
            changed += again == null ? 0 : 1;
        }
        return changed;
    }

    /** When time alone changes the lead's grade next, or its nurture cool-down ends if that comes first. */
    private Instant reviewAfter(Lead lead, LeadData input, Grading result, Instant now) {
        Instant review = grading.nextChange(input, result).orElse(null);
        if (lead.getNurtureUntil() != null
                && lead.getNurtureUntil().isAfter(now)
                && (review == null || lead.getNurtureUntil().isBefore(review))) {
            review = lead.getNurtureUntil();
        }
        return review;
    }

    /**
     * Sends the lead back to nurture: a new cycle starts, its engagement counts afresh from now (earlier activity
     * stays recorded but no longer scores), and it cannot be handed off again before {@code until}. It is graded
     * again at once (history reason RECYCLED) and when the cool-down ends.
     */
    Lead recycle(String leadId, Instant until) {
        return retrying(() -> {
            Lead lead = leads.findById(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
            lead.recycle(until);
            return gradeAndSave(lead, GradingReason.RECYCLED, clock.instant());
        });
    }

    /** The external id an erased lead keeps: its own id, so the sender's id no longer leads to it. */
    static String erasedId(String leadId) {
        return "erased-" + leadId;
    }

    /** The lead with this id, or else with this external id. */
    public Lead get(String idOrExternalId) {
        return leads.findById(idOrExternalId)
                .or(() -> leads.findByExternalId(idOrExternalId))
                .orElseThrow(() -> new LeadNotFoundException(idOrExternalId));
    }

    /** The grading in force at a past moment: the last history entry at or before it. */
    public GradingRecord gradingAt(String idOrExternalId, Instant asOf) {
        Lead lead = get(idOrExternalId);
        GradingRecord inForce = null;
        for (GradingRecord record : history.findByLeadIdOrderByAtAsc(lead.getId())) {
            if (record.at().isAfter(asOf)) {
                break;
            }
            inForce = record;
        }
        if (inForce == null) {
            throw new LeadNotFoundException(idOrExternalId, asOf);
        }
        return inForce;
    }

    public LeadPage search(LeadFilter filter, int page, int size) {
        return leads.search(filter, page, size);
    }

    /** The matching leads in stored order, at most {@code limit}, read in one pass; close the stream. */
    public java.util.stream.Stream<Lead> stream(LeadFilter filter, int limit) {
        return leads.stream(filter, limit);
    }

    /** Every grade the lead ever had, oldest first. */
    public List<GradingRecord> history(String idOrExternalId) {
        return history.findByLeadIdOrderByAtAsc(get(idOrExternalId).getId());
    }
}
