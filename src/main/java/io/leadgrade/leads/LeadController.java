package io.leadgrade.leads;

import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.Tier;
import io.leadgrade.security.Roles;
import io.leadgrade.system.Csv;
import io.leadgrade.system.FreeFormValues;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api")
class LeadController {

    private final LeadService leads;
    private final GradingService grading;

    LeadController(LeadService leads, GradingService grading) {
        this.leads = leads;
        this.grading = grading;
    }

    /** Creates or updates the lead with this external id, grades it and answers the stored lead. */
    @PreAuthorize(Roles.INGEST)
    @PostMapping("/leads")
    LeadView upsert(@RequestBody @Validated({Default.class, LeadRequest.Stored.class}) LeadRequest request) {
        FreeFormValues.require("attributes", request.attributes());
        return LeadView.of(leads.upsert(request));
    }

    /** Grades a lead without storing anything. */
    @PreAuthorize(Roles.INGEST)
    @PostMapping("/grade")
    GradingView grade(@RequestBody @Validated LeadRequest request) {
        FreeFormValues.require("attributes", request.attributes());
        return GradingView.of(grading.grade(request.toLeadData()));
    }

    /** The lead now, or with {@code asOf} the profile and grade it had at that moment, from its history. */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/leads/{id}")
    LeadView get(@PathVariable String id, @RequestParam(required = false) Instant asOf) {
        if (asOf != null) {
            return LeadView.asOf(leads.get(id), leads.gradingAt(id, asOf));
        }
        Lead lead = leads.get(id);
        LeadView view = LeadView.of(lead);
        return lead.getGrading() == null
                ? view
                : view.withWhyNotMql(grading.whyNotMql(lead.getGrading().primary()));
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/leads/{id}/history")
    List<GradingRecord> history(@PathVariable String id) {
        return leads.history(id);
    }

    /**
     * The filtered lead list as a CSV download (all pages, at most 100,000 leads), with formula-like text
     * neutralised so the file is safe to open in a spreadsheet.
     */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping(value = "/leads/export.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) @Pattern(regexp = "[A-D][1-4]", message = "must be a grade A1..D4")
                    String grade,
            @RequestParam(required = false) Tier tier,
            @RequestParam(required = false) Boolean mql,
            @RequestParam(required = false) String territory,
            @RequestParam(required = false) String productLine,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(required = false) String repId,
            @RequestParam(required = false) String disposition,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LeadFilter filter =
                new LeadFilter(grade, tier, mql, territory, productLine, source, q, repId, disposition, from, to);
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(Csv.line(CSV_COLUMNS));
            try (java.util.stream.Stream<Lead> matching = leads.stream(filter, 100_000)) {
                for (Lead lead : (Iterable<Lead>) matching::iterator) {
                    writer.write(Csv.line(Arrays.asList(
                            lead.getId(),
                            lead.getExternalId(),
                            lead.getEmail(),
                            lead.getFirstName(),
                            lead.getLastName(),
                            lead.getTitle(),
                            lead.getCompany(),
                            lead.getCompanySize(),
                            lead.getIndustry(),
                            lead.getCountry(),
                            lead.getProductLine(),
                            lead.getSource(),
                            lead.getGrade(),
                            lead.getGrading() == null
                                    ? null
                                    : lead.getGrading().primary().fitScore(),
                            lead.getGrading() == null
                                    ? null
                                    : lead.getGrading().primary().engagementScore(),
                            lead.getTier(),
                            lead.isMql(),
                            lead.getGrading() == null
                                    ? null
                                    : lead.getGrading().primary().pointsSummary(),
                            lead.getStatus(),
                            lead.getDisposition(),
                            lead.getTerritory(),
                            lead.getRepId(),
                            lead.getGradedAt(),
                            lead.getCreatedAt())));
                }
            }
            writer.flush();
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"leads.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(body);
    }

    private static final List<String> CSV_COLUMNS = List.of(
            "id",
            "externalId",
            "email",
            "firstName",
            "lastName",
            "title",
            "company",
            "companySize",
            "industry",
            "country",
            "productLine",
            "source",
            "grade",
            "fitScore",
            "engagementScore",
            "tier",
            "mql",
            "rules",
            "status",
            "disposition",
            "territory",
            "repId",
            "gradedAt",
            "createdAt");

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/leads")
    PageView<LeadView> list(
            @RequestParam(required = false) @Pattern(regexp = "[A-D][1-4]", message = "must be a grade A1..D4")
                    String grade,
            @RequestParam(required = false) Tier tier,
            @RequestParam(required = false) Boolean mql,
            @RequestParam(required = false) String territory,
            @RequestParam(required = false) String productLine,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(required = false) String repId,
            @RequestParam(required = false) String disposition,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        LeadFilter filter =
                new LeadFilter(grade, tier, mql, territory, productLine, source, q, repId, disposition, from, to);
        // In the order they were stored: what both MongoDB and the embedded store read from their _id order, without
        // sorting every matching lead in memory first.
        return PageView.of(leads.search(filter, page, size), LeadView::of);
    }
}
