package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * the lead again and reapplies its change. Other modules only read through it: its writers are package-private, and
 * leads arrive from the API ({@link LeadController}), from a file ({@link LeadImport}) or as events.
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
    Lead upsert(LeadRequest request) {
        return upsert(request, grading::grade);
    }

    /** The same upsert with another grader: the benchmark's bare endpoint stores a fixed grading. */
    Lead upsert(LeadRequest request, Function<LeadData, Grading> grader) {
        Lead written = transactions.execute(unit -> retrying(() -> upsertOnce(request, grader)));
        // Read back once the unit is committed and what it set off (a handoff, recorded on the lead) is done.
        return leads.findById(written.getId()).orElse(written);
    }

    static GradingRecord record(
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
