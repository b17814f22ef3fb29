package io.leadgrade.bench;

import io.leadgrade.LeadGradeApplication;
import io.leadgrade.store.EmbeddedMongoServer;
import io.leadgrade.support.Http;
import io.leadgrade.support.RulesFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How soon a ruleset change goes live ({@code ./mvnw -Pbench verify -Dbench.args="reload 20"}): two instances on
 * one store, the first watching its rules folder (default quiet period), the second following the active version
 * (default follow interval). Each round saves an edited rule file in the first instance's folder and times, from the
 * save, the first answer of {@code POST /api/grade} with the new version on each instance. The tests only check that
 * an edit goes live (RulesetHotReloadIntegrationTests, RulesetVersionsIntegrationTests); the latency is this figure.
 */
final class ReloadBenchmark {

    private static final String LEAD =
            Http.json(Map.of("title", "VP Marketing", "attributes", Map.of("partner", "yes")));

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path folder = Files.createTempDirectory("leadgrade-reload-bench");
        Path rules = RulesFolders.copyDefaultRules(folder.resolve("rules"));
        Path otherRules = RulesFolders.copyDefaultRules(folder.resolve("other-rules"));
        try (ConfigurableApplicationContext first = start(
                        "--leadgrade.rules.path=" + rules,
                        "--leadgrade.store.embedded.path=" + folder.resolve("store"));
                ConfigurableApplicationContext second = start(
                        "--leadgrade.rules.path=" + otherRules,
                        "--leadgrade.rules.watch.enabled=false",
                        "--spring.mongodb.uri="
                                + first.getBean(EmbeddedMongoServer.class).connectionString("leadgrade"))) {
            Http watching = http(first);
            Http following = http(second);
            String version = version(watching);
            List<Double> live = new ArrayList<>();
            List<Double> followed = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                // Distinct points make a distinct content hash, so every round is a new version.
                Files.writeString(
                        rules.resolve("partner.drl"),
                        RulesFolders.PARTNER_RULE.replace(
                                "addFit( drools, 5 )", "addFit( drools, " + (round + 1) + " )"));
                long saved = System.nanoTime();
                String previous = version;
                while ((version = version(watching)).equals(previous)) {
                    Thread.sleep(5);
                }
                double liveMs = (System.nanoTime() - saved) / 1e6;
                while (!version(following).equals(version)) {
                    Thread.sleep(5);
                }
                double followedMs = (System.nanoTime() - saved) / 1e6;
                if (round > 0) { // the first round warms up compilation
                    live.add(liveMs);
                    followed.add(followedMs);
                }
            }
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %10s %10s %10s%n",
                    "from saving a rule file to",
                    "median ms",
                    "p90 ms",
                    "max ms");
            print("graded with it on the watching instance", live);
            print("graded with it on the other instance", followed);
        } finally {
            deleteQuietly(folder);
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(
                List.of("--server.port=0", "--logging.level.root=WARN", "--leadgrade.store.embedded.temporary=true"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(LeadGradeApplication.class).run(all.toArray(String[]::new));
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static String version(Http http) {
        return http.post("/api/grade", LEAD).json().get("rulesetVersion").asString();
    }

    private static void print(String what, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        System.out.printf(
                Locale.ROOT,
                "%-44s %10.0f %10.0f %10.0f%n",
                what + " (" + sorted.size() + ")",
                sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
                sorted.get(sorted.size() - 1));
    }

    private static void deleteQuietly(Path folder) throws java.io.IOException {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
