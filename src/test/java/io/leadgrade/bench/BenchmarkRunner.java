package io.leadgrade.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks with one thread and with every core, and prints each figure beside the baseline measured
 * in the same run ({@code ./mvnw -Pbench verify}). Arguments select benchmarks by regular expression; {@code latency}
 * runs the loopback load test against the packaged application instead, {@code reports [N]} the report timings at
 * 10,000 and N (1,000,000) handoffs, {@code import [N]} the import with a 256 MB heap, {@code backtest [N]} the
 * offline backtest of N past leads, {@code regrade [N] [store]} the re-grade of N stored leads, {@code history [N]}
 * an import of N CRM rows with outcomes and their re-grade with the bytes per lead after each, {@code demo [N]} a
 * first start with N demo leads, {@code reload [N]} how soon N rule edits go live on two instances, {@code store [N]}
 * the embedded store's engines through the driver against the emulator's in-memory backend, and the raw engines.
 */
public final class BenchmarkRunner {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("latency")) {
            LatencyBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("import")) {
            ImportBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("demo")) {
            DemoBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("history")) {
            HistoryBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("regrade")) {
            RegradeBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("backtest")) {
            BacktestBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("reload")) {
            ReloadBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("store")) {
            StoreBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("reports")) {
            ReportBenchmark.main(args);
            return;
        }
        String include = args.length > 0 ? args[0] : "GradingBenchmark";
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> table = new ArrayList<>();
        table.add(String.format(
                Locale.ROOT, "%-26s %7s %16s %16s %8s", "benchmark", "threads", "leads/s", "baseline/s", "ratio"));
        for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
            Options options = new OptionsBuilder()
                    .include(include)
                    .threads(threads)
                    .forks(1)
                    .warmupIterations(4)
                    .warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5)
                    .measurementTime(TimeValue.seconds(2))
                    .jvmArgs("-Xmx2g")
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            // The baseline: the hand-written grader, or for a benchmark with an "events" parameter, no events.
            double baseline = score(results, "handWritten");
            if (Double.isNaN(baseline)) {
                baseline = results.stream()
                        .filter(result -> "0".equals(result.getParams().getParam("events")))
                        .mapToDouble(result -> result.getPrimaryResult().getScore())
                        .findFirst()
                        .orElse(Double.NaN);
            }
            for (RunResult result : results) {
                String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
                if (result.getParams().getParam("events") != null) {
                    name += " events=" + result.getParams().getParam("events");
                }
                double score = result.getPrimaryResult().getScore();
                table.add(String.format(
                        Locale.ROOT,
                        "%-26s %7d %,16.0f %,16.0f %8.3f",
                        name,
                        threads,
                        score,
                        baseline,
                        score / baseline));
            }
        }
        System.out.println();
        System.out.println("Grading throughput (baseline: the same rules hand-written in Java, same run)");
        table.forEach(System.out::println);
    }

    private static double score(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + benchmark))
                .mapToDouble(result -> result.getPrimaryResult().getScore())
                .findFirst()
                .orElse(Double.NaN);
    }
}
