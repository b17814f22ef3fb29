package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import io.leadgrade.store.DeferredCommits;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.types.ObjectId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

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
    private final ReviewSchedule reviews;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LeadService(
            LeadRepository leads,
            MongoTemplate mongo,
            GradingRecordRepository history,
            GradingService grading,
            ReviewSchedule reviews,
            ApplicationEventPublisher events,
            Clock clock) {
        this.leads = leads;
        this.mongo = mongo;
        this.history = history;
        this.grading = grading;
        this.reviews = reviews;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Creates the lead or applies the request to the stored one; sending the same body twice changes nothing. Its
     * writes (the lead, its history entry, its handoff) reach the disk together before it returns.
     */
    public Lead upsert(LeadRequest request) {
        return upsert(request, grading::grade);
    }

    /** The same upsert with another grader: the benchmark's bare endpoint stores a fixed grading. */
    Lead upsert(LeadRequest request, Function<LeadData, Grading> grader) {
        return DeferredCommits.commitTogether(mongo, () -> retrying(() -> upsertOnce(request, grader)));
    }

    /**
     * Creates many new leads in a few writes (the leads, their first history entries, their review days) instead of
     * three or four per lead: the import's fast path. Each is graded and announced exactly as {@link #upsert} would
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
        Map<String, Instant> reviewDays = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            Lead lead = fresh.get(i);
            lead.grade(results.get(i), now);
            Instant review = grading.nextChange(inputs.get(i), results.get(i)).orElse(null);
            lead.reviewAt(review);
            if (review != null) {
                reviewDays.put(lead.getId(), review);
            }
        }
        Set<String> written = insertAll(fresh);
        Set<String> created = new LinkedHashSet<>();
        List<GradingRecord> records = new ArrayList<>(written.size());
        List<LeadGraded> graded = new ArrayList<>(written.size());
        for (int i = 0; i < fresh.size(); i++) {
            Lead lead = fresh.get(i);
            if (!written.contains(lead.getId())) {
                reviewDays.remove(lead.getId());
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
                    inputs.get(i),
                    GradingReason.NEW_LEAD,
                    now));
            created.add(lead.getExternalId());
        }
        mongo.insertAll(records);
        reviews.addAll(reviewDays);
        graded.forEach(events::publishEvent);
        return created;
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
     * with the reason. When time passing alone will change its grade, the decay run is told on which day.
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
        Instant previousReview = lead.getReviewAt();
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
        if (review != null
                && (previousReview == null || ReviewSchedule.dayOf(previousReview) != ReviewSchedule.dayOf(review))) {
            reviews.add(saved.getId(), review);
        }
        events.publishEvent(new LeadGraded(
                saved.getId(),
                saved.getExternalId(),
                saved.getCycle(),
                saved.getStatus(),
                saved.getNurtureUntil(),
                result,
                input,
                reason,
                now));
        return saved;
    }

    /** Records that the lead was handed off (in its current cycle) to a territory and rep (null: queued). */
    public void handedOff(String leadId, String handoffId, String territory, String repId) {
        change(leadId, lead -> lead.handedOff(handoffId, territory, repId));
    }

    /** Records the rep now working the lead. */
    public void assignedTo(String leadId, String repId) {
        change(leadId, lead -> lead.assignedTo(repId));
    }

    /**
     * Records that sales gave the lead a disposition, in one write with what the disposition says of it: that its
     * data needs repair, or the lead it duplicates (null when neither).
     */
    public void dispositioned(String leadId, String code, boolean needsDataRepair, String duplicateOf) {
        change(leadId, lead -> {
            lead.dispositioned(code);
            if (needsDataRepair) {
                lead.needsDataRepair(true);
            }
            if (duplicateOf != null) {
                lead.duplicateOf(duplicateOf);
            }
        });
    }

    /**
     * Sends the lead back to nurture: a new cycle starts, its engagement counts afresh from now (earlier activity
     * stays recorded but no longer scores), and it cannot be handed off again before {@code until}. It is graded
     * again at once (history reason RECYCLED) and when the cool-down ends.
     */
    public Lead recycle(String leadId, Instant until) {
        return retrying(() -> {
            Lead lead = leads.findById(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
            lead.recycle(until);
            return gradeAndSave(lead, GradingReason.RECYCLED, clock.instant());
        });
    }

    private void change(String leadId, Consumer<Lead> change) {
        retrying(() -> {
            Lead lead = leads.findById(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
            change.accept(lead);
            return leads.save(lead);
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

    public Page<Lead> search(LeadFilter filter, Pageable pageable) {
        return leads.search(filter, pageable);
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
