package io.leadgrade.grading.engine;

import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RulesetCompilationException;
import io.leadgrade.grading.RulesetFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Compiles the grading rules of a ruleset into a Drools KieBase. Grading rules are the DRL files and decision
 * tables at the top of the rules folder; sub-folders (tests/, routing/) belong to other features.
 */
public final class RulesetCompiler {

    // The folder matches the rules' package (leadgrade.rules), which keeps Drools from warning about every file.
    static final String RESOURCES = "src/main/resources/leadgrade/rules/";
    static final String MODELS = "models/";
    static final String ROUTING = "routing/";
    static final String ROUTING_RESOURCES = "src/main/resources/leadgrade/routing/";
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern PARSER_POSITION = Pattern.compile("Line (\\d+):(\\d+)");

    /** Semantic errors put their position on a line of its own after the text ("[Line: 99, Column: 4]"), 0-based. */
    private static final Pattern SEMANTIC_POSITION = Pattern.compile("\\s*\\[Line: (\\d+), Column: (\\d+)]");

    private final KieServices kieServices = KieServices.get();

    public CompiledRuleset compile(String source, RulesetFiles ruleset) {
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, Map<String, byte[]>> modelFiles = modelFiles(ruleset);
        Map<String, Set<String>> productLines = new TreeMap<>();
        for (String model : modelFiles.keySet()) {
            if (!model.equals(ScoringModel.DEFAULT)) {
                productLines.put(model, productLinesOf(model, ruleset, problems));
            }
        }
        checkProductLinesAreDisjoint(productLines, problems);
        EngagementSettings defaults = settingsOf(ScoringModel.DEFAULT, ruleset, EngagementSettings.DEFAULTS, problems);
        List<ScoringModel> models = new ArrayList<>();
        RoutingModel routing = null;
        try {
            for (var model : modelFiles.entrySet()) {
                EngagementSettings settings = model.getKey().equals(ScoringModel.DEFAULT)
                        ? defaults
                        : settingsOf(model.getKey(), ruleset, defaults, problems);
                ScoringModel compiled = compileModel(
                        model.getKey(),
                        productLines.getOrDefault(model.getKey(), Set.of()),
                        model.getValue(),
                        settings,
                        problems);
                if (compiled != null) {
                    models.add(compiled);
                }
            }
            routing = compileRouting(ruleset, problems);
            if (!problems.isEmpty()) {
                throw new RulesetCompilationException(source, problems);
            }
        } catch (RuntimeException e) {
            models.forEach(ScoringModel::close);
            if (routing != null) {
                routing.close();
            }
            throw e;
        }
        // The default model grades every lead and goes last, so a product line's model gives the primary grade.
        models.sort((a, b) -> Boolean.compare(a.isDefault(), b.isDefault()));
        return new CompiledRuleset(ruleset, models, routing);
    }

    /** Compiles one model's files (keyed by their path in the rules folder); null when it has problems. */
    private ScoringModel compileModel(
            String model,
            Set<String> productLines,
            Map<String, byte[]> files,
            EngagementSettings settings,
            List<RuleProblem> problems) {
        String prefix = model.equals(ScoringModel.DEFAULT) ? "" : MODELS + model + "/";
        Built built = build(prefix, RESOURCES, files, problems);
        return built == null ? null : new ScoringModel(model, productLines, built.sources, built.container, settings);
    }

    /** The routing rules under {@code routing/}, or null when the ruleset has none (or they have problems). */
    private RoutingModel compileRouting(RulesetFiles ruleset, List<RuleProblem> problems) {
        Map<String, byte[]> files = new TreeMap<>();
        ruleset.files().forEach((path, content) -> {
            if (path.startsWith(ROUTING) && path.indexOf('/', ROUTING.length()) < 0) {
                files.put(path, content);
            }
        });
        if (files.isEmpty()) {
            return null;
        }
        Built built = build(ROUTING, ROUTING_RESOURCES, files, problems);
        return built == null ? null : new RoutingModel(built.container);
    }

    private record Built(KieContainer container, List<RuleSources.Source> sources) {}

    /** Compiles rule files (keyed by their path in the rules folder) into their own KieBase; null on problems. */
    private Built build(String prefix, String resources, Map<String, byte[]> files, List<RuleProblem> problems) {
        int before = problems.size();
        KieFileSystem kfs = kieServices.newKieFileSystem();
        // A fresh release id per build: the KieRepository caches modules by id.
        ReleaseId releaseId = kieServices.newReleaseId("io.leadgrade", "ruleset", "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        int ruleFiles = 0;
        for (var file : files.entrySet()) {
            String path = file.getKey();
            switch (kindOf(path)) {
                case RULES -> {
                    kfs.write(resources + path.substring(prefix.length()), file.getValue());
                    ruleFiles++;
                }
                case MISNAMED_TABLE -> problems.add(new RuleProblem(path, 0, 0, misnamedTableMessage(path)));
                case OTHER -> {}
            }
        }
        List<RuleSources.Source> sources = RuleSources.of(files);
        problems.addAll(RuleSandbox.check(sources));
        problems.addAll(RulesetLint.duplicateRuleNames(sources));
        if (ruleFiles == 0) {
            problems.add(new RuleProblem(
                    prefix.isEmpty() ? "." : prefix,
                    0,
                    0,
                    "no rule files (*.drl, *.drl.csv, *.drl.xlsx, *.drl.xls) found"));
        }
        if (problems.size() > before) {
            return null;
        }
        // One build at a time in the JVM: a build registers its module in the shared KieRepository until its
        // container is made, and concurrent builds there (a backtest's candidate while the folder compiles) are not
        // known to be safe; a suite run once started with another ruleset's thresholds after such an overlap.
        synchronized (BUILDS) {
            return container(builder(kfs), releaseId, prefix, sources, problems, before);
        }
    }

    private KieBuilder builder(KieFileSystem kfs) {
        return kieServices.newKieBuilder(kfs).buildAll();
    }

    private Built container(
            KieBuilder builder,
            ReleaseId releaseId,
            String prefix,
            List<RuleSources.Source> sources,
            List<RuleProblem> problems,
            int before) {
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            RuleProblem problem = toProblem(message);
            problems.add(inAuthorsTerms(
                    new RuleProblem(prefix + problem.file(), problem.line(), problem.column(), problem.message()),
                    sources));
        }
        if (problems.size() > before) {
            return null;
        }
        KieContainer container = kieServices.newKieContainer(releaseId);
        // The container holds what it needs; the global repository would otherwise keep every build ever made.
        kieServices.getRepository().removeKieModule(releaseId);
        return new Built(container, sources);
    }

    /**
     * Rule files by model: the top of the folder is the default model, {@code models/<name>/} another one; other
     * sub-folders (tests/, routing/) belong to other features.
     */
    private static Map<String, Map<String, byte[]>> modelFiles(RulesetFiles ruleset) {
        Map<String, Map<String, byte[]>> models = new TreeMap<>();
        models.put(ScoringModel.DEFAULT, new TreeMap<>());
        ruleset.files().forEach((path, content) -> {
            String[] parts = path.split("/");
            if (parts.length == 1) {
                models.get(ScoringModel.DEFAULT).put(path, content);
            } else if (parts.length == 3 && path.startsWith(MODELS)) {
                models.computeIfAbsent(parts[1], name -> new TreeMap<>()).put(path, content);
            }
        });
        return models;
    }

    /** A model's {@code engagement.yml}, or the inherited settings when it has none. */
    private static EngagementSettings settingsOf(
            String model, RulesetFiles ruleset, EngagementSettings inherited, List<RuleProblem> problems) {
        String path = (model.equals(ScoringModel.DEFAULT) ? "" : MODELS + model + "/") + EngagementSettings.FILE;
        byte[] yaml = ruleset.files().get(path);
        return yaml == null ? inherited : EngagementSettings.parse(path, yaml, inherited, problems);
    }

    /** The product lines a model grades, from its {@code model.yml}: {@code productLines: [analytics, ...]}. */
    private static Set<String> productLinesOf(String model, RulesetFiles ruleset, List<RuleProblem> problems) {
        String path = MODELS + model + "/model.yml";
        byte[] yaml = ruleset.files().get(path);
        Object document;
        try {
            document = yaml == null
                    ? null
                    : new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(yaml, StandardCharsets.UTF_8));
        } catch (YAMLException e) {
            problems.add(new RuleProblem(path, 0, 0, e.getMessage()));
            return Set.of();
        }
        Set<String> productLines = new TreeSet<>();
        if (document instanceof Map<?, ?> map && map.get("productLines") instanceof List<?> list) {
            list.forEach(line -> productLines.add(String.valueOf(line).trim().toLowerCase(Locale.ROOT)));
        }
        if (productLines.isEmpty()) {
            problems.add(
                    new RuleProblem(
                            path,
                            0,
                            0,
                            "model " + model
                                    + " needs a model.yml listing the product lines it grades, e.g. productLines: [analytics]"));
        }
        return productLines;
    }

    private static void checkProductLinesAreDisjoint(
            Map<String, Set<String>> productLines, List<RuleProblem> problems) {
        Map<String, String> owner = new TreeMap<>();
        productLines.forEach((model, lines) -> lines.forEach(line -> {
            String other = owner.putIfAbsent(line, model);
            if (other != null) {
                problems.add(new RuleProblem(
                        MODELS + model + "/model.yml",
                        0,
                        0,
                        "product line " + line + " is already graded by model " + other
                                + "; each product line has one model"));
            }
        }));
    }

    private enum Kind {
        RULES,
        MISNAMED_TABLE,
        OTHER
    }

    private static Kind kindOf(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        if (name.endsWith(".drl")
                || name.endsWith(".drl.csv")
                || name.endsWith(".drl.xlsx")
                || name.endsWith(".drl.xls")) {
            return Kind.RULES;
        }
        if (name.endsWith(".csv") || name.endsWith(".xlsx") || name.endsWith(".xls")) {
            return Kind.MISNAMED_TABLE;
        }
        return Kind.OTHER;
    }

    private static String misnamedTableMessage(String path) {
        int dot = path.lastIndexOf('.');
        String suggested = path.substring(0, dot) + ".drl" + path.substring(dot);
        return "decision tables must be named *.drl.csv, *.drl.xlsx or *.drl.xls to be read as rules; rename it to "
                + suggested + " (or move it into a sub-folder if it is not a rule table)";
    }

    /** Errors in a decision table point at generated rules: name the table row the rule comes from instead. */
    private static RuleProblem inAuthorsTerms(RuleProblem problem, List<RuleSources.Source> sources) {
        for (RuleSources.Source source : sources) {
            if (source.table() && source.path().equals(problem.file())) {
                int row = source.authorLine(problem.line());
                return new RuleProblem(
                        problem.file(),
                        row,
                        0,
                        problem.message().replaceAll("\\[ERR \\d+\\] Line \\d+:\\d+ ", "")
                                + (row > 0 ? " (in the rule of table row " + row + ")" : ""));
            }
        }
        return problem;
    }

    private static RuleProblem toProblem(Message message) {
        String path = message.getPath() == null ? "?" : message.getPath();
        // Drools names a file either by its full KieFileSystem path or relative to src/main/resources.
        for (String prefix : new String[] {"src/main/resources/", "leadgrade/rules/"}) {
            if (path.startsWith(prefix)) {
                path = path.substring(prefix.length());
            }
        }
        String text = message.getText().strip();
        int line = message.getLine();
        int column = message.getColumn();
        // Parser errors carry their column only in the text ("[ERR 102] Line 8:4 ..."), 0-based.
        Matcher position = PARSER_POSITION.matcher(text);
        if (column <= 0 && position.find()) {
            line = line > 0 ? line : Integer.parseInt(position.group(1));
            column = Integer.parseInt(position.group(2)) + 1;
        }
        Matcher semantic = SEMANTIC_POSITION.matcher(text);
        if (semantic.find()) {
            line = line > 0 ? line : Integer.parseInt(semantic.group(1));
            column = column > 0 ? column : Integer.parseInt(semantic.group(2)) + 1;
            text = semantic.replaceAll("");
        }
        // One problem, one line: file:line:column: message, as terminals and editors read it.
        return new RuleProblem(path, line, column, text.strip().replaceAll("\\s*\\R\\s*", " "));
    }
}
