package io.leadgrade.handoff;

import io.leadgrade.leads.LeadService;
import io.leadgrade.security.Roles;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
@Validated
class HandoffController {

    private final HandoffService handoffs;
    private final SlaCheck sla;
    private final HandoffMoves moves;
    private final LeadService leads;
    private final Outbox outbox;

    HandoffController(HandoffService handoffs, SlaCheck sla, HandoffMoves moves, LeadService leads, Outbox outbox) {
        this.handoffs = handoffs;
        this.sla = sla;
        this.moves = moves;
        this.leads = leads;
        this.outbox = outbox;
    }

    /** Handoffs, newest first; {@code overdue=true} lists those past the SLA without a disposition. */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/handoffs")
    List<Handoff> search(
            @RequestParam(required = false) String territory,
            @RequestParam(required = false) String rep,
            @RequestParam(required = false) HandoffStatus status,
            @RequestParam(required = false) Boolean overdue,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return handoffs.search(territory, rep, status, overdue, page, size);
    }

    /** Every handoff of the lead (one per cycle), each with its history of steps. */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/leads/{id}/handoffs")
    List<Handoff> ofLead(@PathVariable String id) {
        return handoffs.ofLead(leads.get(id).getId());
    }

    /** Where sales ops move an open handoff: a territory, and optionally a rep of it. */
    record Move(@NotBlank String territory, String repId) {}

    /** Moves an open handoff by hand (working the fallback queue, or overriding routing). */
    @PreAuthorize(Roles.SALES)
    @PutMapping("/handoffs/{id}/assignment")
    Handoff move(@PathVariable String id, @RequestBody @Valid Move move) {
        return moves.move(id, move.territory(), move.repId());
    }

    /** Runs the SLA check now: queued leads assigned, overdue ones published, late ones reassigned. */
    @PreAuthorize(Roles.ADMIN)
    @PostMapping("/handoffs/check")
    SlaCheck.Check check() {
        return sla.check();
    }

    /** Events for integrations, in order: poll with the {@code next} of the previous page. */
    @PreAuthorize(Roles.EVENTS)
    @GetMapping("/events")
    Outbox.Page events(
            @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return outbox.after(after, limit);
    }
}
