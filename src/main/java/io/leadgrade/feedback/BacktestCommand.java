package io.leadgrade.feedback;

import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetActivation;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.RulesetReplay;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backtest from the command line, against the configured store (no web server): checks the candidate folder,
 * replays it on the handoffs in range with progress on stderr, and prints the result as JSON on stdout.
 */
public final class BacktestCommand {

    private BacktestCommand() {}

    /**
     * Exit code 0 when the backtest ran (also while the candidate's rule tests fail: they are listed on stderr), 1
     * when the candidate does not compile, 2 for bad usage.
     */
    public static int run(
            ConfigurableApplicationContext context,
            RulesetFiles files,
            String from,
            String to,
            PrintStream out,
            PrintStream err) {
        LocalDate fromDay;
        LocalDate toDay;
        try {
            fromDay = from == null ? null : LocalDate.parse(from);
            toDay = to == null ? null : LocalDate.parse(to);
        } catch (DateTimeParseException e) {
            err.println("--from and --to must be days such as 2026-03-01: " + e.getParsedString());
            return 2;
        }
        if (fromDay != null && toDay != null && !fromDay.isBefore(toDay)) {
            err.println("--to must be after --from");
            return 2;
        }
        RulesetActivation check = context.getBean(GradingService.class).validate(files);
        if (!check.problems().isEmpty()) {
            check.problems().forEach(problem -> out.println(problem));
            err.println("The candidate " + check.version() + " does not compile; nothing was replayed.");
            return 1;
        }
        // As in the API: failing rule tests do not stop a backtest (a change of points fails the old expectations).
        check.failedTests().forEach(test -> err.println("FAIL " + test));
        if (!check.failedTests().isEmpty()) {
            err.println(check.failedTests().size() + " of its " + check.testsRun()
                    + " rule tests fail: backtested anyway; activating it needs them to pass");
        }
        long[] done = {0};
        Backtest.Result result = context.getBean(BacktestJob.class)
                .replay(files, fromDay, toDay, (processed, changed, cursor) -> {
                    done[0] += processed;
                    if (done[0] % 10_000 < processed) {
                        err.println("replayed " + done[0] + " handoffs");
                    }
                    return true;
                });
        out.println(JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build()
                .writeValueAsString(result));
        err.println(result.verdict());
        return 0;
    }

    /**
     * The backtest of a CSV or JSON-lines history with outcomes, offline (no store): the baseline rules grade each
     * past lead as it was handed off then, the candidate as it would now; leads the source never handed off count
     * as never handed off. Conversion is the {@code SQO} code (the default disposition codes' CONVERT action).
     * Exit code 0 when it ran, 1 when the candidate fails its checks, 2 for an unusable file or mapping.
     */
    public static int runOffline(
            RulesetFiles candidateFiles,
            RulesetFiles baselineFiles,
            java.nio.file.Path history,
            java.nio.file.Path mapping,
            PrintStream out,
            PrintStream err) {
        RulesetReplay candidate;
        RulesetReplay baseline;
        try {
            candidate = RulesetReplay.offline(candidateFiles);
        } catch (IllegalArgumentException e) {
            err.println("The candidate: " + e.getMessage());
            return 1;
        }
        try {
            baseline = RulesetReplay.offline(baselineFiles);
        } catch (IllegalArgumentException e) {
            candidate.close();
            err.println("The baseline: " + e.getMessage());
            return 1;
        }
        try (candidate;
                baseline) {
            Backtest backtest = new Backtest(baseline, candidate, java.util.Set.of("SQO"));
            long[] never = new long[2];
            // Reading and mapping the file takes longer than grading; one thread grades (and counts, so the
            // backtest needs no locks) while this one reads the next batches, at most four batches ahead.
            java.util.concurrent.ExecutorService grader = java.util.concurrent.Executors.newSingleThreadExecutor();
            java.util.concurrent.Semaphore ahead = new java.util.concurrent.Semaphore(4);
            List<java.util.concurrent.Future<?>> graded = new ArrayList<>();
            io.leadgrade.imports.HistoryFile.Counts counts;
            try {
                counts = io.leadgrade.imports.HistoryFile.read(history, mapping, 1000, batch -> {
                    ahead.acquireUninterruptibly();
                    graded.add(grader.submit(() -> {
                        try {
                            replay(batch, baseline, candidate, backtest, never);
                        } finally {
                            ahead.release();
                        }
                    }));
                });
                for (java.util.concurrent.Future<?> batch : graded) {
                    batch.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
            } finally {
                grader.shutdownNow();
            }
            err.println("read " + counts.rows() + " rows, " + counts.failed() + " skipped for errors");
            Backtest.Result result = backtest.result(
                    0,
                    never[0],
                    never[1],
                    new FeedbackProperties.Money(new java.math.BigDecimal("25000"), 0.25, 0.08, "USD"));
            out.println(JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build()
                    .writeValueAsString(result));
            err.println(result.verdict());
            return 0;
        } catch (io.leadgrade.system.InvalidRequestException e) {
            e.problems().forEach(problem -> err.println(mapping + ": " + problem.field() + " " + problem.message()));
            return 2;
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    /**
     * One batch of the history: the handed-off leads graded by the baseline (their grade at the time) and replayed
     * with the candidate; the others only counted, and counted again if the candidate would make them MQLs.
     */
    private static void replay(
            List<io.leadgrade.imports.HistoryFile.Past> batch,
            RulesetReplay baseline,
            RulesetReplay candidate,
            Backtest backtest,
            long[] never) {
        List<io.leadgrade.imports.HistoryFile.Past> handedOff = new ArrayList<>();
        List<LeadData> notHandedOff = new ArrayList<>();
        for (io.leadgrade.imports.HistoryFile.Past past : batch) {
            if (past.handedOff()) {
                handedOff.add(past);
            } else {
                notHandedOff.add(past.lead());
            }
        }
        // A file of past leads is another system's history: its handoffs carry no grade, so the baseline grades
        // them (in the backtest) for the comparison.
        List<Backtest.Past> replayed = new ArrayList<>(handedOff.size());
        for (io.leadgrade.imports.HistoryFile.Past past : handedOff) {
            replayed.add(new Backtest.Past(past.lead(), null, "(file)", past.disposition(), true));
        }
        if (!replayed.isEmpty()) {
            backtest.add(replayed);
        }
        never[0] += notHandedOff.size();
        never[1] += candidate.gradeAll(notHandedOff).stream()
                .filter(grading -> grading.primary().mql())
                .count();
    }
}
