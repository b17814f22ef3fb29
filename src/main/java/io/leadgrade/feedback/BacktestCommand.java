package io.leadgrade.feedback;

import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.RulesetActivation;
import io.leadgrade.grading.RulesetFiles;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backtest from the command line, against the configured store (no web server): checks the candidate folder,
 * replays it on the handoffs in range with progress on stderr, and prints the result as JSON on stdout.
 */
public final class BacktestCommand {

    private BacktestCommand() {}

    /** Exit code 0 when the backtest ran, 1 when the candidate fails its checks, 2 for bad usage. */
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
        if (check.rejected()) {
            check.problems().forEach(problem -> out.println(problem));
            check.failedTests().forEach(test -> out.println("FAIL " + test));
            err.println("The candidate " + check.version() + " does not pass its checks; nothing was replayed.");
            return 1;
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
}
