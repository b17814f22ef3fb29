package io.leadgrade.jobs;

import io.leadgrade.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/jobs")
class JobController {

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    /** A job's status and progress: total, processed, changed, percent, and its closing message. */
    @PreAuthorize(Roles.MARKETING_OPS)
    @GetMapping("/{id}")
    JobView get(@PathVariable String id) {
        return JobView.of(jobs.get(id));
    }

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/{id}/cancel")
    JobView cancel(@PathVariable String id) {
        return JobView.of(jobs.cancel(id));
    }

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/{id}/resume")
    JobView resume(@PathVariable String id) {
        return JobView.of(jobs.resume(id));
    }
}
