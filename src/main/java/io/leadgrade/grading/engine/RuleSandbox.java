package io.leadgrade.grading.engine;

import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RulesetFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules are code, so rule files may only use the fact model and plain values: imports from an allow-list, and no
 * reference to the process, threads, reflection, class loading, files, the network or JNDI. Checked on the source
 * text before anything is compiled, so a rejected rule never runs, not even its static initialisers.
 */
final class RuleSandbox {

    /** Packages and classes rules may import (a trailing ".*" allows the package). */
    static final Set<String> ALLOWED_IMPORTS = Set.of(
            "io.leadgrade.grading.engine.ScoreCard",
            "io.leadgrade.grading.engine.FitScore",
            "io.leadgrade.grading.engine.EngagementScore",
            "io.leadgrade.grading.engine.GradeCell",
            "io.leadgrade.grading.engine.LeadProfile",
            "io.leadgrade.grading.engine.EngagementSummary",
            "io.leadgrade.grading.engine.RoutingLead",
            "io.leadgrade.grading.engine.RoutingTerritory",
            "java.lang.String",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Double",
            "java.lang.Boolean",
            "java.lang.Math",
            "java.util.List",
            "java.util.Map",
            "java.util.Set",
            "java.util.ArrayList",
            "java.util.HashMap",
            "java.util.HashSet",
            "java.util.Arrays",
            "java.util.Collections",
            "java.util.Objects",
            "java.time.*",
            "java.time.temporal.ChronoUnit");

    /** Type and package names that reach outside the fact model, matched as whole words wherever code may stand. */
    private static final Pattern FORBIDDEN_NAME = Pattern.compile("\\b(System|Runtime|ProcessBuilder|Process|Thread"
            + "|ThreadGroup|Executors|ForkJoinPool|CompletableFuture|Timer|ClassLoader|Class|Unsafe|MethodHandles"
            + "|File|Files|Path|Paths|FileInputStream|FileOutputStream|FileReader|FileWriter|RandomAccessFile"
            + "|ObjectInputStream|Socket|ServerSocket|DatagramSocket|URL|URI|URLConnection|HttpClient|InitialContext"
            + "|ScriptEngineManager|java\\.io|java\\.nio|java\\.net|java\\.lang\\.reflect|java\\.lang\\.invoke"
            + "|java\\.util\\.concurrent|javax|jdk|sun|com\\.sun|org\\.springframework|org\\.kie|org\\.drools)\\b");

    /** Methods that load code, reflect, exit or reach the engine itself, matched when called. */
    private static final Pattern FORBIDDEN_CALL = Pattern.compile("\\b(getClass|forName|getDeclaredMethod"
            + "|getDeclaredField|getMethod|getField|newInstance|setAccessible|invoke|exit|halt|exec|loadLibrary"
            + "|load|getKieRuntime|getKnowledgeRuntime|getWorkingMemory|getKieBase|getEntryPoint|getClassLoader"
            + "|getRuntime|getenv|getProperty|setProperty)\\s*\\(");

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+|function\\s+)?([\\w.*]+)");

    private RuleSandbox() {}

    static List<RuleProblem> check(RulesetFiles ruleset) {
        return check(RuleSources.of(ruleset.files()));
    }

    static List<RuleProblem> check(List<RuleSources.Source> sources) {
        List<RuleProblem> problems = new ArrayList<>();
        for (RuleSources.Source source : sources) {
            List<RuleProblem> found = new ArrayList<>();
            scan(source.path(), codeOnly(source.drl()), found);
            for (RuleProblem problem : found) {
                if (!source.table()) {
                    problems.add(problem);
                    continue;
                }
                // Lines of the generated rules mean nothing to the author: name the table row instead.
                int row = source.authorLine(problem.line());
                problems.add(new RuleProblem(
                        source.path(),
                        row,
                        0,
                        problem.message() + (row > 0 ? " (in the rule of table row " + row + ")" : "")));
            }
        }
        return problems;
    }

    private static void scan(String path, String code, List<RuleProblem> problems) {
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher imported = IMPORT.matcher(line);
            if (imported.find()) {
                String target = imported.group(2);
                if (imported.group(1) != null || !allowedImport(target)) {
                    problems.add(new RuleProblem(
                            path,
                            i + 1,
                            imported.start(2) + 1,
                            "import of " + target
                                    + " is not allowed in rules; rules may import the fact model, java.lang value types,"
                                    + " java.util collections and java.time (see rules/README.md)"));
                }
                continue;
            }
            report(path, i, FORBIDDEN_NAME.matcher(line), "%s is not allowed in rules", problems);
            report(path, i, FORBIDDEN_CALL.matcher(line), "calling %s(...) is not allowed in rules", problems);
        }
    }

    private static void report(String path, int line, Matcher matcher, String message, List<RuleProblem> problems) {
        while (matcher.find()) {
            problems.add(new RuleProblem(
                    path,
                    line + 1,
                    matcher.start(1) + 1,
                    String.format(message, matcher.group(1))
                            + ": rules may only use the lead's facts and plain values"));
        }
    }

    private static boolean allowedImport(String target) {
        int dot = target.lastIndexOf('.');
        return ALLOWED_IMPORTS.contains(target) || dot > 0 && ALLOWED_IMPORTS.contains(target.substring(0, dot) + ".*");
    }

    /** The text with comments and string literals blanked out, keeping every line and column where it was. */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            char next = i + 1 < source.length() ? source.charAt(i + 1) : 0;
            if (c == '/' && next == '/' || c == '#') {
                while (i < source.length() && source.charAt(i) != '\n') {
                    code.append(' ');
                    i++;
                }
            } else if (c == '/' && next == '*') {
                int end = source.indexOf("*/", i + 2);
                int stop = end < 0 ? source.length() : end + 2;
                blank(source, i, stop, code);
                i = stop;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                int stop = Math.min(j + 1, source.length());
                code.append(c);
                blank(source, i + 1, stop - 1, code);
                code.append(stop - 1 > i ? source.charAt(stop - 1) : "");
                i = stop;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    private static void blank(String source, int from, int to, StringBuilder code) {
        for (int k = from; k < to && k < source.length(); k++) {
            code.append(source.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
