package io.leadgrade.reports;

import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobRequests;
import io.leadgrade.jobs.JobService;
import io.leadgrade.security.AuditLog;
import io.leadgrade.security.Roles;
import io.leadgrade.system.Csv;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reports as JSON and as CSV downloads ({@code .csv}) with the same filters: {@code from} and {@code to} (UTC
 * days, to exclusive) on the handoff date, and {@code territory}, {@code rep}, {@code productLine}, {@code source}.
 */
@RestController
@RequestMapping("/api/reports")
class ReportController {

    private final ReportService reports;
    private final Rollups rollups;
    private final JobService jobs;
    private final AuditLog audit;

    ReportController(ReportService reports, Rollups rollups, JobService jobs, AuditLog audit) {
        this.reports = reports;
        this.rollups = rollups;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** Whether the rollups the reports read are complete: any missed change since start-up asks for a rebuild. */
    public record RollupState(boolean built, long missedChanges, String rebuildRunning) {}

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/rollups")
    RollupState rollups() {
        return new RollupState(
                rollups.exist(),
                rollups.failedWrites(),
                jobs.running(RollupRebuildJob.TYPE).map(Job::id).orElse(null));
    }

    /** Rebuilds the rollups from the handoffs in a background job; 202 with the job, 409 when one is running. */
    @PreAuthorize(Roles.ADMIN)
    @PostMapping("/rollups/rebuild")
    ResponseEntity<?> rebuild() {
        return JobRequests.startUnlessRunning(
                jobs,
                RollupRebuildJob.TYPE,
                Map.of("reason", "requested"),
                "A rollup rebuild",
                job -> audit.record("ROLLUP_REBUILD_STARTED", "reports", Map.of("job", job.id())));
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/nqs")
    ReportService.NqsReport nqs(@Valid ReportQuery query) {
        return reports.nqs(query.groupBy(Grouping.TERRITORY), query.filter());
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping(value = "/nqs.csv", produces = "text/csv")
    ResponseEntity<String> nqsCsv(@Valid ReportQuery query) {
        ReportService.NqsReport report = reports.nqs(query.groupBy(Grouping.TERRITORY), query.filter());
        StringBuilder csv = new StringBuilder();
        List<Object> header =
                new ArrayList<>(List.of("group", "leads", "high", "medium", "low", "belowMql", "nqs", "tooSmall"));
        header.addAll(ReportService.GRADES);
        csv.append(Csv.line(header));
        List<ReportService.NqsRow> rows = new ArrayList<>(report.groups());
        rows.add(report.total());
        for (ReportService.NqsRow row : rows) {
            List<Object> cells = new ArrayList<>(List.of(
                    row.group(),
                    row.leads(),
                    row.high(),
                    row.medium(),
                    row.low(),
                    row.belowMql(),
                    row.nqs(),
                    row.tooSmall()));
            ReportService.GRADES.forEach(grade -> cells.add(row.grades().get(grade)));
            csv.append(Csv.line(cells));
        }
        return download("nqs.csv", csv);
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/dispositions")
    ReportService.DispositionReport dispositions(@Valid ReportQuery query) {
        return reports.dispositions(query.groupBy(Grouping.REP), query.filter());
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping(value = "/dispositions.csv", produces = "text/csv")
    ResponseEntity<String> dispositionsCsv(@Valid ReportQuery query) {
        ReportService.DispositionReport report = reports.dispositions(query.groupBy(Grouping.REP), query.filter());
        List<String> codes = new ArrayList<>(report.total().codes().keySet());
        StringBuilder csv = new StringBuilder();
        List<Object> header = new ArrayList<>(List.of(
                "group",
                "leads",
                "open",
                "overdue",
                "sqo",
                "conversion",
                "conversionLow",
                "conversionHigh",
                "opportunitiesWon",
                "medianHoursToFirstDisposition",
                "tooSmall",
                "flags"));
        header.addAll(codes);
        csv.append(Csv.line(header));
        List<ReportService.DispositionRow> rows = new ArrayList<>(report.groups());
        rows.add(report.total());
        for (ReportService.DispositionRow row : rows) {
            List<Object> cells = new ArrayList<>(java.util.Arrays.asList(
                    row.group(),
                    row.leads(),
                    row.open(),
                    row.overdue(),
                    row.sqo(),
                    row.conversion(),
                    row.conversionInterval().low(),
                    row.conversionInterval().high(),
                    row.opportunitiesWon(),
                    row.medianHoursToFirstDisposition(),
                    row.tooSmall(),
                    String.join("; ", row.flags())));
            codes.forEach(code -> cells.add(row.codes().getOrDefault(code, 0L)));
            csv.append(Csv.line(cells));
        }
        return download("dispositions.csv", csv);
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/calibration")
    List<ReportService.CalibrationRow> calibration(@Valid ReportQuery query) {
        return reports.calibration(query.filter());
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping(value = "/calibration.csv", produces = "text/csv")
    ResponseEntity<String> calibrationCsv(@Valid ReportQuery query) {
        StringBuilder csv =
                new StringBuilder(Csv.line(List.of("grade", "withOutcome", "sqo", "conversion", "low", "high")));
        for (ReportService.CalibrationRow row : reports.calibration(query.filter())) {
            // An empty cell has no rate: its conversion and bounds are blank (Arrays.asList, since List.of takes no
            // null).
            csv.append(Csv.line(Arrays.asList(
                    row.grade(),
                    row.withOutcome(),
                    row.sqo(),
                    row.conversion(),
                    row.interval() == null ? null : row.interval().low(),
                    row.interval() == null ? null : row.interval().high())));
        }
        return download("calibration.csv", csv);
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/performance")
    List<ReportService.PerformanceRow> performance(@Valid ReportQuery query) {
        return reports.performance(query.groupBy(Grouping.REP), query.filter());
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping(value = "/performance.csv", produces = "text/csv")
    ResponseEntity<String> performanceCsv(@Valid ReportQuery query) {
        StringBuilder csv = new StringBuilder(Csv.line(List.of(
                "group",
                "withOutcome",
                "actualSqo",
                "expectedSqo",
                "index",
                "indexLow",
                "indexHigh",
                "expectedConversion",
                "teamConversion",
                "verdict",
                "conversion",
                "nqs",
                "restNqs",
                "nqsGapLow",
                "nqsGapHigh",
                "reason")));
        for (ReportService.PerformanceRow row : reports.performance(query.groupBy(Grouping.REP), query.filter())) {
            csv.append(Csv.line(List.of(
                    row.group(),
                    row.withOutcome(),
                    row.actualSqo(),
                    row.expectedSqo(),
                    row.index(),
                    row.indexInterval().low(),
                    row.indexInterval().high(),
                    row.expectedConversion(),
                    row.teamConversion(),
                    row.verdict(),
                    row.conversion(),
                    row.nqs(),
                    row.restNqs(),
                    row.nqsGap().low(),
                    row.nqsGap().high(),
                    row.reason())));
        }
        return download("performance.csv", csv);
    }

    private static ResponseEntity<String> download(String name, StringBuilder csv) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv.toString());
    }
}
