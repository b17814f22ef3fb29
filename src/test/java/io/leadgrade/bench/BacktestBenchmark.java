package io.leadgrade.bench;

import io.leadgrade.feedback.BacktestCommand;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.imports.HistoryFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A backtest over N past leads with their outcomes ({@code ./mvnw -Pbench verify -Dbench.args="backtest [N]"},
 * default 1,000,000), offline as the {@code backtest --history=} command runs it: read and map the CSV history, grade
 * every lead with the active rules (the grade at the time) and with a candidate, and compare them. The baseline
 * is the same pass without grading: the same file read and mapped into the same past leads, counted by outcome.
 * The candidate is the default rules with "Manager title" corrected from +15 to -15, the change the demo data
 * calls for.
 */
final class BacktestBenchmark {

    static final String MAPPING = ImportBenchmark.MAPPING + """
            outcome:
              column: Stage
              codes: {Won: SQO, Lost: NO_INTEREST, NoContact: UNABLE_TO_CONNECT}
            """;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path data = Files.createTempDirectory("leadgrade-backtest");
        Path history = data.resolve("history.csv");
        Path mapping = Files.writeString(data.resolve("history.yml"), MAPPING);
        long started = System.nanoTime();
        long bytes = ImportBenchmark.write(history, rows, outcomes());
        System.out.printf(
                Locale.ROOT,
                "wrote %,d past leads (%,d MB) in %.1f s%n",
                rows,
                bytes >> 20,
                ImportBenchmark.seconds(started));
        RulesetFiles rules = RulesetFiles.read(Path.of("rules"));
        RulesetFiles candidate = corrected(rules);

        // Warm-up: both passes once over the file, so the JIT and the rule engine are ready for the timed ones.
        bare(history, mapping);
        backtest(candidate, rules, history, mapping);

        double bare = Double.MAX_VALUE;
        double graded = Double.MAX_VALUE;
        String verdict = null;
        for (int run = 0; run < 2; run++) {
            long t0 = System.nanoTime();
            long[] counts = bare(history, mapping);
            double bareRun = ImportBenchmark.seconds(t0);
            long t1 = System.nanoTime();
            verdict = backtest(candidate, rules, history, mapping);
            double gradedRun = ImportBenchmark.seconds(t1);
            bare = Math.min(bare, bareRun);
            graded = Math.min(graded, gradedRun);
            System.out.printf(
                    Locale.ROOT,
                    "run %d: bare %.2f s (%,d rows, %,d handed off), backtest %.2f s%n",
                    run + 1,
                    bareRun,
                    counts[0],
                    counts[1],
                    gradedRun);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Backtest of %,d past leads (best of two runs, after a warm-up)%n", rows);
        System.out.printf(Locale.ROOT, "%-58s %9s %12s %7s%n", "pass", "seconds", "leads/s", "ratio");
        System.out.printf(
                Locale.ROOT,
                "%-58s %9.2f %,12.0f %7s%n",
                "baseline: read and map the history, no grading",
                bare,
                rows / bare,
                "1.000");
        System.out.printf(
                Locale.ROOT,
                "%-58s %9.2f %,12.0f %7.3f%n",
                "backtest: the same, graded by active rules and candidate",
                graded,
                rows / graded,
                graded / bare);
        System.out.println("verdict: " + verdict);
    }

    /** Past outcomes that depend on the lead: better fit converts more, managers far less than their points say. */
    private static java.util.function.Function<LeadData, String> outcomes() {
        HandWrittenGrader grader = new HandWrittenGrader();
        Random random = new Random(3);
        Map<Character, Double> byFit = new HashMap<>(Map.of('A', 0.35, 'B', 0.20, 'C', 0.10, 'D', 0.04));
        return lead -> {
            Grade grade = grader.grade(lead);
            if (!grade.mql()) {
                return ""; // never handed off
            }
            double p = byFit.get(grade.fit().charAt(0));
            if (lead.title() != null && lead.title().toLowerCase(Locale.ROOT).contains("manager")) {
                p *= 0.3;
            }
            double draw = random.nextDouble();
            return draw < p ? "Won" : draw < p + 0.3 ? "NoContact" : "Lost";
        };
    }

    private static RulesetFiles corrected(RulesetFiles rules) {
        Map<String, byte[]> files = new HashMap<>(rules.files());
        String fit = new String(files.get("fit.drl"), StandardCharsets.UTF_8);
        int rule = fit.indexOf("rule \"Manager title\"");
        files.put(
                "fit.drl",
                (fit.substring(0, rule)
                                + fit.substring(rule).replaceFirst("addFit\\( drools, 15 \\)", "addFit( drools, -15 )"))
                        .getBytes(StandardCharsets.UTF_8));
        files.keySet().removeIf(path -> path.startsWith("tests/")); // its rule tests expect the old points
        return new RulesetFiles(files);
    }

    /** The baseline: every row read and mapped into a past lead, counted; {rows, handed off}. */
    private static long[] bare(Path history, Path mapping) throws Exception {
        long[] counts = new long[2];
        HistoryFile.read(history, mapping, 1000, batch -> {
            for (HistoryFile.Past past : batch) {
                counts[0]++;
                counts[1] += past.handedOff() ? 1 : 0;
            }
        });
        return counts;
    }

    /** The offline backtest as the command runs it; its verdict. */
    private static String backtest(RulesetFiles candidate, RulesetFiles rules, Path history, Path mapping) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BacktestCommand.runOffline(
                candidate,
                rules,
                history,
                mapping,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        if (exit != 0) {
            throw new IllegalStateException("backtest exited " + exit + ": " + String.join("\n", lines));
        }
        return lines[lines.length - 1];
    }
}
