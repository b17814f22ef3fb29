package io.leadgrade.grading.engine;

import io.leadgrade.grading.ActivityDigest;
import io.leadgrade.grading.ActivityTypes;
import io.leadgrade.grading.RuleProblem;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * How a ruleset treats time and totals, from its {@code engagement.yml}: the half-life of decayed engagement values
 * (one for all types, optionally one per type), and floors and caps on the fit and engagement point totals. A
 * model without its own file uses the default model's; a ruleset without one uses {@link #DEFAULTS}.
 *
 * <pre>
 * halfLifeDays: 14
 * halfLifeDaysByType: {EMAIL_OPEN: 7}
 * engagementPoints: {floor: 0, cap: 100}
 * fitPoints: {floor: -50}
 * </pre>
 */
public record EngagementSettings(
        double halfLifeDays,
        Map<String, Double> halfLifeDaysByType,
        Integer fitFloor,
        Integer fitCap,
        Integer engagementFloor,
        Integer engagementCap) {

    static final String FILE = "engagement.yml";
    public static final EngagementSettings DEFAULTS = new EngagementSettings(30, Map.of(), null, null, null, null);
    private static final String KEYS = "engagementPoints, fitPoints, halfLifeDays, halfLifeDaysByType";
    private static final Set<String> BOUND_KEYS = Set.of("floor", "cap");
    private static final double MAX_HALF_LIFE = ActivityDigest.RETENTION_DAYS;

    public EngagementSettings {
        halfLifeDaysByType = Map.copyOf(halfLifeDaysByType);
    }

    /** The half-life of one activity type's decayed value, in days. */
    double halfLifeOf(String type) {
        return halfLifeDaysByType.getOrDefault(type, halfLifeDays);
    }

    private static final Map<Double, double[]> WEIGHTS = new ConcurrentHashMap<>();
    static final int WEIGHT_DAYS = 2 * ActivityDigest.RETENTION_DAYS;

    /**
     * Weights of events 0, 1, 2, ... days old under a half-life, 0.5^(age / halfLife), for the first
     * {@value #WEIGHT_DAYS} days; computed once per half-life and shared.
     */
    static double[] weights(double halfLife) {
        return WEIGHTS.computeIfAbsent(halfLife, days -> {
            double[] table = new double[WEIGHT_DAYS];
            for (int i = 0; i < table.length; i++) {
                table[i] = Math.pow(0.5, i / days);
            }
            return table;
        });
    }

    /**
     * Reads an {@code engagement.yml}; every problem is added with its line and column, and the inherited
     * settings are answered when there are any.
     */
    static EngagementSettings parse(
            String path, byte[] content, EngagementSettings inherited, List<RuleProblem> problems) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .compose(new StringReader(new String(content, StandardCharsets.UTF_8)));
        } catch (MarkedYAMLException e) {
            problems.add(new RuleProblem(
                    path, e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1, e.getProblem()));
            return inherited;
        } catch (YAMLException e) {
            problems.add(new RuleProblem(path, 0, 0, e.getMessage()));
            return inherited;
        }
        if (root == null) {
            return inherited;
        }
        Reader reader = new Reader(path, problems);
        if (!(root instanceof MappingNode mapping)) {
            reader.problem(root, "engagement.yml is a map with the keys " + KEYS);
            return inherited;
        }
        int before = problems.size();
        double halfLife = inherited.halfLifeDays;
        Map<String, Double> byType = new TreeMap<>(inherited.halfLifeDaysByType);
        Integer[] fit = {inherited.fitFloor, inherited.fitCap};
        Integer[] engagement = {inherited.engagementFloor, inherited.engagementCap};
        for (NodeTuple entry : mapping.getValue()) {
            String key = reader.scalar(entry.getKeyNode());
            Node value = entry.getValueNode();
            switch (key == null ? "" : key) {
                case "halfLifeDays" -> halfLife = reader.halfLife(value, "halfLifeDays", halfLife);
                case "halfLifeDaysByType" -> {
                    if (value instanceof MappingNode types) {
                        for (NodeTuple typeEntry : types.getValue()) {
                            String type = ActivityTypes.canonical(reader.scalar(typeEntry.getKeyNode()));
                            if (type == null) {
                                reader.problem(
                                        typeEntry.getKeyNode(),
                                        "halfLifeDaysByType: unknown activity type \""
                                                + reader.scalar(typeEntry.getKeyNode()) + "\"; use "
                                                + ActivityTypes.ALLOWED);
                            } else {
                                byType.put(
                                        type,
                                        reader.halfLife(typeEntry.getValueNode(), "halfLifeDaysByType." + type, 0));
                            }
                        }
                    } else {
                        reader.problem(
                                value, "halfLifeDaysByType is a map of activity type to days, e.g. {EMAIL_OPEN: 7}");
                    }
                }
                case "engagementPoints" -> reader.bounds(value, "engagementPoints", engagement);
                case "fitPoints" -> reader.bounds(value, "fitPoints", fit);
                default -> reader.problem(entry.getKeyNode(), "unknown key \"" + key + "\"; allowed: " + KEYS);
            }
        }
        if (problems.size() > before) {
            return inherited;
        }
        return new EngagementSettings(halfLife, byType, fit[0], fit[1], engagement[0], engagement[1]);
    }

    /** Reads values from YAML nodes and reports what is wrong with them where it is. */
    private record Reader(String path, List<RuleProblem> problems) {

        void problem(Node node, String message) {
            problems.add(new RuleProblem(
                    path, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, message));
        }

        String scalar(Node node) {
            return node instanceof ScalarNode scalar ? scalar.getValue() : null;
        }

        double halfLife(Node node, String name, double fallback) {
            String text = scalar(node);
            try {
                double days = Double.parseDouble(text == null ? "" : text.trim());
                if (days > 0 && days <= MAX_HALF_LIFE) {
                    return days;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problem(
                    node,
                    name + " must be a number of days above 0 and at most " + (int) MAX_HALF_LIFE + ", not \""
                            + (text == null ? "(not a number)" : text) + "\"");
            return fallback;
        }

        void bounds(Node node, String name, Integer[] bounds) {
            if (!(node instanceof MappingNode mapping)) {
                problem(node, name + " is a map such as {floor: 0, cap: 100}");
                return;
            }
            for (NodeTuple entry : mapping.getValue()) {
                String key = scalar(entry.getKeyNode());
                if (key == null || !BOUND_KEYS.contains(key)) {
                    problem(entry.getKeyNode(), name + ": unknown key \"" + key + "\"; allowed: cap, floor");
                    continue;
                }
                String text = scalar(entry.getValueNode());
                try {
                    int value = Integer.parseInt(text == null ? "" : text.trim());
                    if (Math.abs(value) > 1_000_000) {
                        throw new NumberFormatException();
                    }
                    bounds[key.equals("floor") ? 0 : 1] = value;
                } catch (NumberFormatException e) {
                    problem(
                            entry.getValueNode(),
                            name + "." + key + " must be a whole number of points between"
                                    + " -1000000 and 1000000, not \"" + (text == null ? "(not a number)" : text)
                                    + "\"");
                }
            }
            if (bounds[0] != null && bounds[1] != null && bounds[0] > bounds[1]) {
                problem(node, name + ": floor " + bounds[0] + " is above cap " + bounds[1]);
            }
        }
    }
}
