package io.leadgrade.grading.engine;

import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RulesetCompilationException;
import io.leadgrade.grading.RulesetFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles the grading rules of a ruleset into a Drools KieBase. Grading rules are the DRL files and decision
 * tables at the top of the rules folder; sub-folders (tests/, routing/) belong to other features.
 */
public final class RulesetCompiler {

    // The folder matches the rules' package (leadgrade.rules), which keeps Drools from warning about every file.
    static final String RESOURCES = "src/main/resources/leadgrade/rules/";
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern PARSER_POSITION = Pattern.compile("Line (\\d+):(\\d+)");

    private final KieServices kieServices = KieServices.get();

    public CompiledRuleset compile(String source, RulesetFiles ruleset) {
        List<RuleProblem> problems = new ArrayList<>();
        KieFileSystem kfs = kieServices.newKieFileSystem();
        // A fresh release id per build: the KieRepository caches modules by id.
        ReleaseId releaseId = kieServices.newReleaseId("io.leadgrade", "ruleset", "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        int ruleFiles = 0;
        for (var file : ruleset.files().entrySet()) {
            String path = file.getKey();
            if (path.contains("/")) {
                continue;
            }
            switch (kindOf(path)) {
                case RULES -> {
                    kfs.write(RESOURCES + path, file.getValue());
                    ruleFiles++;
                }
                case MISNAMED_TABLE -> problems.add(new RuleProblem(path, 0, 0, misnamedTableMessage(path)));
                case OTHER -> {}
            }
        }
        List<RuleSources.Source> sources = RuleSources.of(rootFiles(ruleset));
        problems.addAll(RuleSandbox.check(sources));
        problems.addAll(RulesetLint.duplicateRuleNames(sources));
        if (ruleFiles == 0) {
            problems.add(new RuleProblem(".", 0, 0, "no rule files (*.drl, *.drl.csv, *.drl.xlsx, *.drl.xls) found"));
        }
        if (!problems.isEmpty()) {
            throw new RulesetCompilationException(source, problems);
        }
        KieBuilder builder = kieServices.newKieBuilder(kfs).buildAll();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            problems.add(inAuthorsTerms(toProblem(message), sources));
        }
        if (!problems.isEmpty()) {
            throw new RulesetCompilationException(source, problems);
        }
        KieContainer container = kieServices.newKieContainer(releaseId);
        // The container holds what it needs; the global repository would otherwise keep every build ever made.
        kieServices.getRepository().removeKieModule(releaseId);
        return new CompiledRuleset(ruleset, sources, container);
    }

    private static java.util.Map<String, byte[]> rootFiles(RulesetFiles ruleset) {
        java.util.Map<String, byte[]> root = new java.util.TreeMap<>();
        ruleset.files().forEach((path, content) -> {
            if (!path.contains("/")) {
                root.put(path, content);
            }
        });
        return root;
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
        return new RuleProblem(path, line, column, text);
    }
}
