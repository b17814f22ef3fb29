package io.leadgrade.handoff;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.Routing;
import io.leadgrade.grading.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One handoff of a lead to sales, in the {@code handoffs} collection: where it went, to whom, and the grade, tier,
 * ruleset version and fired rules at that moment (reports and feedback judge the lead by these, not by today's
 * grade), then what sales did.
 *
 * @param id "{leadId}:{cycle}": a lead is handed off at most once per cycle
 * @param territory the territory, or the fallback queue when no routing rule matched
 * @param routedBy the routing rule that decided, null for the fallback
 * @param repId the rep working it, null while it waits in the territory's queue
 * @param dueAt when the first disposition is due (the follow-up SLA)
 * @param overdueNoted whether the overdue event was published
 * @param input the profile and engagement the grade at handoff was computed from: what a backtest replays
 * @param history every step: handed off, assigned, queued, reassigned, overdue, dispositions
 */
@Document("handoffs")
// Every query on handoffs is served by one of these (IndexCheckIT checks it against what the tests send): a lead's
// handoffs and the privacy requests by lead, the SLA check's queue (oldest first) and its two due ranges, and the
// handoff search by territory, rep or status, newest first.
@CompoundIndex(name = "lead_cycle", def = "{'leadId': 1, 'cycle': 1}")
@CompoundIndex(name = "queue", def = "{'repId': 1, 'fallback': 1, 'at': 1, '_id': 1}")
@CompoundIndex(name = "open_due", def = "{'status': 1, 'firstDispositionAt': 1, 'dueAt': 1}")
@CompoundIndex(name = "open_assigned", def = "{'status': 1, 'firstDispositionAt': 1, 'assignedAt': 1}")
@CompoundIndex(name = "territory_newest", def = "{'territory': 1, 'at': -1, '_id': 1}")
@CompoundIndex(name = "rep_newest", def = "{'repId': 1, 'at': -1, '_id': 1}")
@CompoundIndex(name = "status_newest", def = "{'status': 1, 'at': -1, '_id': 1}")
@CompoundIndex(name = "newest", def = "{'at': -1, '_id': 1}")
public record Handoff(
        @Id String id,
        String leadId,
        String externalId,
        int cycle,
        Instant at,
        String territory,
        String routedBy,
        String region,
        String segment,
        boolean fallback,
        String repId,
        Instant assignedAt,
        Instant dueAt,
        String grade,
        Tier tier,
        String model,
        String rulesetVersion,
        List<Contribution> explanation,
        String productLine,
        String source,
        LeadData input,
        HandoffStatus status,
        Instant firstDispositionAt,
        String disposition,
        boolean overdueNoted,
        int reassignments,
        List<Step> history,
        @Version Long version) {

    /** One step in a handoff's life. */
    public record Step(Instant at, String type, String repId, String detail) {}

    /** Where a handoff goes: the territory (or fallback queue), the routing that chose it, and the rep (null: queued). */
    record Placement(String territory, Routing routing, String repId, Instant dueAt) {

        boolean fallback() {
            return routing.territory() == null;
        }
    }

    /**
     * A new handoff of the lead's current cycle as of {@code at}: what it was graded (grade, tier, model, ruleset
     * version, fired rules, and the input they read) and where it goes.
     */
    static Handoff opened(
            String leadId,
            String externalId,
            int cycle,
            Instant at,
            Grade grade,
            String rulesetVersion,
            LeadData input,
            Placement placement,
            List<Step> steps) {
        return new Handoff(
                leadId + ":" + cycle,
                leadId,
                externalId,
                cycle,
                at,
                placement.territory(),
                placement.routing().rule(),
                placement.routing().region(),
                placement.routing().segment(),
                placement.fallback(),
                placement.repId(),
                placement.repId() == null ? null : at,
                placement.dueAt(),
                grade.grade(),
                grade.tier(),
                grade.model(),
                rulesetVersion,
                grade.explanation(),
                input.productLine(),
                input.source(),
                input,
                HandoffStatus.OPEN,
                null,
                null,
                false,
                0,
                List.copyOf(steps),
                null);
    }

    /** Whether another system recorded this handoff (an import of history): the SLA check leaves it alone. */
    public boolean imported() {
        return !history.isEmpty() && IMPORTED.equals(history.get(0).type());
    }

    /** The type of the first step of a handoff that came from another system's history. */
    public static final String IMPORTED = "IMPORTED";

    /** The same open handoff moved by hand to a territory and a rep of it (null: its queue). */
    Handoff movedTo(String toTerritory, String rep, Instant now, Instant due, Step step) {
        List<Step> steps = new ArrayList<>(history);
        steps.add(step);
        return new Handoff(
                id,
                leadId,
                externalId,
                cycle,
                at,
                toTerritory,
                "moved by hand",
                region,
                segment,
                false,
                rep,
                rep == null ? null : now,
                rep == null ? null : due,
                grade,
                tier,
                model,
                rulesetVersion,
                explanation,
                productLine,
                source,
                input,
                status,
                firstDispositionAt,
                disposition,
                false,
                reassignments,
                List.copyOf(steps),
                version);
    }

    public boolean overdueAt(Instant now) {
        return status == HandoffStatus.OPEN && firstDispositionAt == null && dueAt != null && now.isAfter(dueAt);
    }

    public Handoff withStep(Step step) {
        List<Step> steps = new ArrayList<>(history);
        steps.add(step);
        return copy(
                repId, assignedAt, dueAt, status, firstDispositionAt, disposition, overdueNoted, reassignments, steps);
    }

    Handoff assigned(String rep, Instant now, Instant due, boolean reassignment) {
        return copy(
                rep,
                now,
                due,
                status,
                firstDispositionAt,
                disposition,
                false,
                reassignments + (reassignment ? 1 : 0),
                history);
    }

    Handoff markedOverdue() {
        return copy(repId, assignedAt, dueAt, status, firstDispositionAt, disposition, true, reassignments, history);
    }

    /** A disposition: the first stops the SLA clock; the status follows what the code does. */
    public Handoff dispositioned(String code, HandoffStatus next, Instant now) {
        return copy(
                repId,
                assignedAt,
                dueAt,
                next,
                firstDispositionAt == null ? now : firstDispositionAt,
                code,
                overdueNoted,
                reassignments,
                history);
    }

    private Handoff copy(
            String rep,
            Instant assigned,
            Instant due,
            HandoffStatus nextStatus,
            Instant firstDisposition,
            String code,
            boolean noted,
            int reassigned,
            List<Step> steps) {
        return new Handoff(
                id,
                leadId,
                externalId,
                cycle,
                at,
                territory,
                routedBy,
                region,
                segment,
                fallback,
                rep,
                assigned,
                due,
                grade,
                tier,
                model,
                rulesetVersion,
                explanation,
                productLine,
                source,
                input,
                nextStatus,
                firstDisposition,
                code,
                noted,
                reassigned,
                List.copyOf(steps),
                version);
    }
}
