package io.leadgrade.handoff;

import io.leadgrade.security.Roles;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Territories and reps. DELETE deactivates (history and handoffs stay); POST .../activate brings one back. */
@RestController
@RequestMapping("/api")
class TeamController {

    private final SalesTeam team;
    private final RepAssigner assigner;
    private final Clock clock;

    TeamController(SalesTeam team, RepAssigner assigner, Clock clock) {
        this.team = team;
        this.assigner = assigner;
        this.clock = clock;
    }

    @PreAuthorize(Roles.READ_TEAM)
    @GetMapping("/territories")
    List<Territory> territories() {
        return team.territories();
    }

    @PreAuthorize(Roles.READ_TEAM)
    @GetMapping("/territories/{id}")
    Territory territory(@PathVariable String id) {
        return team.territory(id);
    }

    @PreAuthorize(Roles.ADMIN)
    @PostMapping("/territories")
    @ResponseStatus(HttpStatus.CREATED)
    Territory createTerritory(@RequestBody @Valid TerritoryRequest request) {
        return team.createTerritory(request);
    }

    @PreAuthorize(Roles.ADMIN)
    @PutMapping("/territories/{id}")
    Territory updateTerritory(@PathVariable String id, @RequestBody @Valid TerritoryRequest request) {
        return team.updateTerritory(id, request);
    }

    @PreAuthorize(Roles.ADMIN)
    @DeleteMapping("/territories/{id}")
    Territory deactivateTerritory(@PathVariable String id) {
        return team.setTerritoryActive(id, false);
    }

    @PreAuthorize(Roles.ADMIN)
    @PostMapping("/territories/{id}/activate")
    Territory activateTerritory(@PathVariable String id) {
        return team.setTerritoryActive(id, true);
    }

    /** A rep with their load: leads given today and leads waiting for a disposition. */
    record RepView(Rep rep, int assignedToday, int openLeads) {}

    @PreAuthorize(Roles.READ_TEAM)
    @GetMapping("/reps")
    List<RepView> reps() {
        return team.reps().stream().map(this::view).toList();
    }

    @PreAuthorize(Roles.READ_TEAM)
    @GetMapping("/reps/{id}")
    RepView rep(@PathVariable String id) {
        return view(team.rep(id));
    }

    @PreAuthorize(Roles.ADMIN)
    @PostMapping("/reps")
    @ResponseStatus(HttpStatus.CREATED)
    Rep createRep(@RequestBody @Valid RepRequest request) {
        return team.createRep(request);
    }

    @PreAuthorize(Roles.ADMIN)
    @PutMapping("/reps/{id}")
    Rep updateRep(@PathVariable String id, @RequestBody @Valid RepRequest request) {
        return team.updateRep(id, request);
    }

    @PreAuthorize(Roles.ADMIN)
    @DeleteMapping("/reps/{id}")
    Rep deactivateRep(@PathVariable String id) {
        return team.setRepActive(id, false);
    }

    @PreAuthorize(Roles.ADMIN)
    @PostMapping("/reps/{id}/activate")
    Rep activateRep(@PathVariable String id) {
        return team.setRepActive(id, true);
    }

    private RepView view(Rep rep) {
        return new RepView(rep, assigner.assignedOn(rep.id(), clock.instant()), assigner.openLeads(rep.id()));
    }
}
