package io.leadgrade.leads;

import io.leadgrade.security.Roles;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Behavioural events of leads, and the on-demand decay run. */
@RestController
@RequestMapping("/api")
@Validated
class ActivityController {

    private final ActivityService activities;
    private final DecayService decay;

    ActivityController(ActivityService activities, DecayService decay) {
        this.activities = activities;
        this.decay = decay;
    }

    /** Records one event of the lead with this id or external id: 201 when it is new, 200 for a repeat. */
    @PreAuthorize(Roles.INGEST)
    @PostMapping("/leads/{id}/activities")
    ResponseEntity<ActivityResult> record(@PathVariable String id, @RequestBody @Valid ActivityRequest event) {
        ActivityResult result = activities.record(id, List.of(event));
        return ResponseEntity.status(result.recorded() > 0 ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result);
    }

    /** The lead's events, newest first. */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/leads/{id}/activities")
    List<Activity> list(
            @PathVariable String id,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return activities.list(id, page, size);
    }

    /** Records events of many leads (named by external id), up to 1000 at once; all or nothing is checked first. */
    @PreAuthorize(Roles.INGEST)
    @PostMapping("/activities")
    List<ActivityResult> recordBatch(@RequestBody @Valid ActivityBatch batch) {
        return activities.recordBatch(batch.activities());
    }

    /** Re-grades now the leads whose grade time has changed (the nightly run, on demand). */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/engagement/decay")
    DecayService.Run decay() {
        return decay.run();
    }
}
