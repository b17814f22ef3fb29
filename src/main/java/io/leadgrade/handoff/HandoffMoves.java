package io.leadgrade.handoff;

import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Moves an open handoff by hand (sales ops working the fallback queue, or overriding routing): to a territory, and
 * to a rep of it or, without one, to whoever the round robin picks there.
 */
@Service
class HandoffMoves {

    private final MongoTemplate mongo;
    private final SalesTeam team;
    private final RepAssigner assigner;
    private final Outbox outbox;
    private final HandoffProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    HandoffMoves(
            MongoTemplate mongo,
            SalesTeam team,
            RepAssigner assigner,
            Outbox outbox,
            HandoffProperties properties,
            Clock clock,
            ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.team = team;
        this.assigner = assigner;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    Handoff move(String handoffId, String territoryId, String repId) {
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
        Handoff.Step step = new Handoff.Step(
                now,
                "MOVED",
                rep,
                "from " + handoff.territory() + (handoff.repId() == null ? "" : " (" + handoff.repId() + ")") + " to "
                        + territoryId);
        Handoff moved = mongo.save(handoff.movedTo(territoryId, rep, now, now.plus(properties.sla()), step));
        events.publishEvent(new HandoffChanged(handoff, moved));
        if (handoff.repId() != null) {
            assigner.closed(handoff.repId());
        }
        events.publishEvent(HandoffService.handedOff(moved));
        outbox.publish("LEAD_MOVED", handoff.leadId(), handoff.externalId(), HandoffService.details(moved));
        return moved;
    }
}
