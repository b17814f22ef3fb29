package io.leadgrade.leads;

import io.leadgrade.grading.ActivityTypes;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.FreeFormValues;
import io.leadgrade.system.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records behavioural events and re-grades their lead. Every event is stored under "{leadId}:{eventId}", so a
 * repeat is recognised; then the lead's activity digest counts the new ones and the lead is graded once for the
 * whole call. A request with anything wrong in it is refused before anything is stored.
 */
@Service
public class ActivityService {

    /** How far ahead of the server clock an event time may be (clocks of senders drift). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Events older than this are refused: they cannot matter to engagement and are most likely a date bug. */
    static final Duration OLDEST = Duration.ofDays(3650);

    private final MongoTemplate mongo;
    private final LeadRepository leads;
    private final LeadService leadService;
    private final Clock clock;
    private final boolean createUnknownLeads;
    private final TransactionTemplate transactions;

    ActivityService(
            MongoTemplate mongo,
            LeadRepository leads,
            LeadService leadService,
            Clock clock,
            @Value("${leadgrade.activities.create-unknown-leads:false}") boolean createUnknownLeads,
            TransactionTemplate transactions) {
        this.transactions = transactions;
        this.mongo = mongo;
        this.leads = leads;
        this.leadService = leadService;
        this.clock = clock;
        this.createUnknownLeads = createUnknownLeads;
    }

    /** Records events of one lead, named by id or external id in the URL. */
    public ActivityResult record(String idOrExternalId, List<ActivityRequest> events) {
        Instant now = clock.instant();
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String prefix = events.size() == 1 ? "" : "activities[" + i + "].";
            ActivityRequest event = events.get(i);
            check(event, prefix, now, problems);
            if (event.leadExternalId() != null && !event.leadExternalId().equals(idOrExternalId)) {
                Lead named = leads.findById(idOrExternalId).orElse(null);
                if (named == null || !event.leadExternalId().equals(named.getExternalId())) {
                    problems.add(new FieldProblem(
                            prefix + "leadExternalId",
                            "must be left out or name the lead of the URL (" + idOrExternalId + ")",
                            event.leadExternalId()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Lead lead = leads.findById(idOrExternalId)
                .or(() -> leads.findByExternalId(idOrExternalId))
                .orElse(null);
        if (lead == null) {
            if (!createUnknownLeads) {
                throw new LeadNotFoundException(idOrExternalId);
            }
            lead = placeholder(idOrExternalId, now);
        }
        Lead target = lead;
        // The events, the lead graded again, its history entry and handoff reach the disk together.
        return afterCommit(transactions.execute(unit -> apply(target, events, now)));
    }

    /** Records events of many leads, each named by external id; every lead is graded once. */
    public List<ActivityResult> recordBatch(List<ActivityRequest> events) {
        Instant now = clock.instant();
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, List<ActivityRequest>> byLead = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            ActivityRequest event = events.get(i);
            String prefix = "activities[" + i + "].";
            check(event, prefix, now, problems);
            if (event.leadExternalId() == null || event.leadExternalId().isBlank()) {
                problems.add(new FieldProblem(prefix + "leadExternalId", "must name the lead in a batch", null));
            } else {
                byLead.computeIfAbsent(event.leadExternalId(), id -> new ArrayList<>())
                        .add(event);
            }
        }
        Map<String, Lead> found = new LinkedHashMap<>();
        if (problems.isEmpty()) {
            for (String externalId : byLead.keySet()) {
                leads.findByExternalId(externalId).ifPresent(lead -> found.put(externalId, lead));
            }
            if (!createUnknownLeads) {
                for (int i = 0; i < events.size(); i++) {
                    String externalId = events.get(i).leadExternalId();
                    if (!found.containsKey(externalId)) {
                        problems.add(new FieldProblem(
                                "activities[" + i + "].leadExternalId",
                                "no lead has this external id; send the lead first (or enable"
                                        + " leadgrade.activities.create-unknown-leads)",
                                externalId));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        List<ActivityResult> results = transactions.execute(unit -> {
            List<ActivityResult> applied = new ArrayList<>();
            byLead.forEach((externalId, ofLead) -> {
                Lead lead = found.get(externalId);
                applied.add(apply(lead != null ? lead : placeholder(externalId, now), ofLead, now));
            });
            return applied;
        });
        return results.stream().map(this::afterCommit).toList();
    }

    /** The result with its lead read again: what the unit set off (a handoff) has happened by now. */
    private ActivityResult afterCommit(ActivityResult result) {
        return leads.findById(result.lead().id())
                .map(stored -> new ActivityResult(
                        result.recorded(), result.duplicates(), result.previousGrade(), LeadView.of(stored)))
                .orElse(result);
    }

    /** The events of a lead, newest first. */
    public List<Activity> list(String idOrExternalId, int page, int size) {
        Lead lead = leadService.get(idOrExternalId);
        return mongo.find(
                Query.query(Criteria.where("leadId").is(lead.getId()))
                        .with(PageRequest.of(page, size, Sort.by(Sort.Order.desc("at"), Sort.Order.desc("_id")))),
                Activity.class);
    }

    private static void check(ActivityRequest event, String prefix, Instant now, List<FieldProblem> problems) {
        FreeFormValues.check(prefix + "properties", event.properties(), problems);
        if (ActivityTypes.canonical(event.type()) == null) {
            problems.add(new FieldProblem(prefix + "type", "must be " + ActivityTypes.ALLOWED, event.type()));
        }
        if (event.at().isAfter(now.plus(CLOCK_SKEW))) {
            problems.add(new FieldProblem(
                    prefix + "at",
                    "must not be in the future (server time " + now + ")",
                    event.at().toString()));
        } else if (event.at().isBefore(now.minus(OLDEST))) {
            problems.add(new FieldProblem(
                    prefix + "at",
                    "must be within the last 10 years",
                    event.at().toString()));
        }
    }

    private Lead placeholder(String externalId, Instant now) {
        return LeadService.retrying(() -> leads.findByExternalId(externalId)
                .orElseGet(() ->
                        leadService.gradeAndSave(Lead.placeholder(externalId, now), GradingReason.NEW_LEAD, now)));
    }

    private ActivityResult apply(Lead lead, List<ActivityRequest> events, Instant now) {
        String leadId = lead.getId();
        Set<String> fresh = store(leadId, events, now);
        Lead before = lead;
        Lead after = LeadService.retrying(() -> {
            Lead current = leads.findById(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
            boolean counted = false;
            for (ActivityRequest event : events) {
                if (fresh.contains(event.eventId())) {
                    counted |= current.addActivity(event.eventId(), ActivityTypes.canonical(event.type()), event.at());
                }
            }
            return counted ? leadService.gradeAndSave(current, GradingReason.ACTIVITY, now) : current;
        });
        if (!fresh.isEmpty()) {
            List<String> ids =
                    fresh.stream().map(id -> Activity.idOf(leadId, id)).toList();
            mongo.updateMulti(
                    Query.query(Criteria.where("_id").in(ids)), Update.update("applied", true), Activity.class);
        }
        List<String> duplicates = events.stream()
                .map(ActivityRequest::eventId)
                .filter(id -> !fresh.contains(id))
                .distinct()
                .toList();
        return new ActivityResult(fresh.size(), duplicates, before.getGrade(), LeadView.of(after));
    }

    /**
     * Stores the events not seen before and answers the ids the lead's digest must count: the new ones, and
     * those stored earlier but never applied (a crash between the two steps).
     */
    private Set<String> store(String leadId, List<ActivityRequest> events, Instant now) {
        Map<String, Activity> unique = new LinkedHashMap<>();
        for (ActivityRequest event : events) {
            unique.putIfAbsent(
                    event.eventId(),
                    new Activity(
                            Activity.idOf(leadId, event.eventId()),
                            leadId,
                            event.eventId(),
                            ActivityTypes.canonical(event.type()),
                            event.at(),
                            event.properties() == null ? Map.of() : event.properties(),
                            now,
                            false));
        }
        Set<String> fresh = new LinkedHashSet<>(unique.keySet());
        BulkOperations inserts = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Activity.class);
        inserts.insert(new ArrayList<>(unique.values()));
        try {
            inserts.execute();
        } catch (BulkOperationException | DuplicateKeyException repeated) {
            // Some were stored before: they count only if they were never applied to the lead.
            List<String> ids = unique.values().stream().map(Activity::id).toList();
            Map<String, Boolean> applied = new LinkedHashMap<>();
            mongo.find(Query.query(Criteria.where("_id").in(ids)), Activity.class)
                    .forEach(stored -> applied.put(stored.eventId(), stored.applied()));
            applied.forEach((eventId, wasApplied) -> {
                if (wasApplied) {
                    fresh.remove(eventId);
                }
            });
        }
        return fresh;
    }
}
