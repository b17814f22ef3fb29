package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * Creates and updates leads by external id, grades them, and appends to the grading history whenever the grade
 * changes. Concurrent writers of the same lead are serialised by its version: a writer that loses the race reads
 * the lead again and reapplies its change.
 */
@Service
public class LeadService {

    private static final int ATTEMPTS = 5;

    private final LeadRepository leads;
    private final GradingRecordRepository history;
    private final GradingService grading;
    private final Clock clock;

    LeadService(LeadRepository leads, GradingRecordRepository history, GradingService grading, Clock clock) {
        this.leads = leads;
        this.history = history;
        this.grading = grading;
        this.clock = clock;
    }

    /** Creates the lead or applies the request to the stored one; sending the same body twice changes nothing. */
    public Lead upsert(LeadRequest request) {
        return upsert(request, grading::grade);
    }

    /** The same upsert with another grader: the benchmark's bare endpoint stores a fixed grading. */
    Lead upsert(LeadRequest request, Function<LeadData, Grading> grader) {
        for (int attempt = 1; ; attempt++) {
            try {
                return upsertOnce(request, grader);
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
        String previousGrade = lead.getGrade();
        Grading result = grader.apply(lead.toLeadData());
        boolean regraded = created || !result.equals(lead.getGrading());
        lead.grade(result, now);
        Lead saved = leads.save(lead);
        if (regraded) {
            history.save(new GradingRecord(
                    saved.getId() + ":" + saved.getVersion(),
                    saved.getId(),
                    saved.getExternalId(),
                    now,
                    created ? GradingReason.NEW_LEAD : GradingReason.DATA_UPDATE,
                    result.rulesetVersion(),
                    result.primary().grade(),
                    previousGrade,
                    result.grades(),
                    saved.toLeadData()));
        }
        return saved;
    }

    /** The lead with this id, or else with this external id. */
    public Lead get(String idOrExternalId) {
        return leads.findById(idOrExternalId)
                .or(() -> leads.findByExternalId(idOrExternalId))
                .orElseThrow(() -> new LeadNotFoundException(idOrExternalId));
    }

    public Page<Lead> search(LeadFilter filter, Pageable pageable) {
        return leads.search(filter, pageable);
    }

    /** Every grade the lead ever had, oldest first. */
    public List<GradingRecord> history(String idOrExternalId) {
        return history.findByLeadIdOrderByAtAsc(get(idOrExternalId).getId());
    }
}
