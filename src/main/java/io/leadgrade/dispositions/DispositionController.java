package io.leadgrade.dispositions;

import io.leadgrade.security.Roles;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
class DispositionController {

    private final DispositionService dispositions;

    DispositionController(DispositionService dispositions) {
        this.dispositions = dispositions;
    }

    /** Records the rep's disposition of a handed-off lead (409 if it was not handed off, 400 for an unknown code). */
    @PreAuthorize(Roles.SALES)
    @PutMapping("/leads/{id}/disposition")
    Disposition record(@PathVariable String id, @RequestBody @Valid DispositionRequest request) {
        return dispositions.record(id, request);
    }

    /** Records that the opportunity of a converted lead was won or lost. */
    @PreAuthorize(Roles.SALES)
    @PutMapping("/leads/{id}/opportunity")
    Disposition opportunity(@PathVariable String id, @RequestBody @Valid OpportunityRequest request) {
        return dispositions.opportunity(id, request);
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/leads/{id}/dispositions")
    List<Disposition> history(@PathVariable String id) {
        return dispositions.history(id);
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/dispositions/codes")
    List<DispositionProperties.Code> codes() {
        return dispositions.codes();
    }
}
