package io.leadgrade.feedback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Which rules fire on the same leads, and whether each rule's own effect can be told apart from theirs.
 *
 * <p>Two rules that fire on nearly the same leads cannot be judged apart: the data says what they are worth
 * together, and any split between them is the regression's guess. A rule is <b>separable</b> from another when, among
 * the leads where the other fired or among those where it did not, at least {@code minSample} leads have the rule and
 * {@code minSample} do not. Groups of rules can also hide a rule (three exclusive source rules that cover nearly
 * every lead say nothing the base rate does not), so each rule also gets an <b>effective comparison</b>: the number of
 * leads its smaller side is worth once the other rules are held equal, from the residual variance of its indicator
 * regressed on theirs (the diagonal of the inverse of their cross-product matrix). For a rule firing independently
 * of the rest it is the smaller of "fired" and "not fired"; shared firing shrinks it.
 */
final class Overlap {

    /** A rule firing on the same leads as this one: its share of this rule's leads, and the leads only one has. */
    record CoFiring(String rule, double share, long together, long onlyThis, long onlyOther) {}

    private final List<String> rules;
    private final long n;
    private final long[] fired;
    private final long[][] together;
    private final double[] effective;
    private final double[][] dependence;

    Overlap(List<Observation> observations, List<String> rules) {
        this.rules = List.copyOf(rules);
        int k = rules.size();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            index.put(rules.get(i), i);
        }
        fired = new long[k];
        together = new long[k][k];
        double[][] gram = new double[k + 1][k + 1];
        long count = 0;
        for (Observation o : observations) {
            count++;
            List<Integer> hits = new ArrayList<>();
            for (String rule : o.rules().keySet()) {
                Integer i = index.get(rule);
                if (i != null) {
                    hits.add(i);
                }
            }
            gram[0][0]++;
            for (int i : hits) {
                fired[i]++;
                gram[0][i + 1]++;
                gram[i + 1][0]++;
                for (int j : hits) {
                    together[i][j]++;
                    gram[i + 1][j + 1]++;
                }
            }
        }
        n = count;
        effective = new double[k];
        dependence = new double[k][k];
        if (k == 0 || n == 0) {
            return;
        }
        for (int i = 0; i <= k; i++) {
            gram[i][i] += 1e-6; // exact collinearity leaves a residual of about nothing instead of no inverse
        }
        RealMatrix inverse = new LUDecomposition(MatrixUtils.createRealMatrix(gram))
                .getSolver()
                .getInverse();
        for (int i = 0; i < k; i++) {
            double diagonal = inverse.getEntry(i + 1, i + 1);
            double residual = diagonal <= 0 ? 0 : 1 / diagonal;
            long larger = Math.max(fired[i], n - fired[i]);
            effective[i] = larger == 0 ? 0 : residual * n / larger;
            for (int j = 0; j < k; j++) {
                if (j != i && diagonal > 0) {
                    // the coefficient of rule j when rule i's indicator is regressed on all the others
                    dependence[i][j] = -inverse.getEntry(i + 1, j + 1) / diagonal;
                }
            }
        }
    }

    /** Leads this rule's comparison is worth once the other rules are held equal (see the class comment). */
    double effectiveComparison(String rule) {
        return effective[rules.indexOf(rule)];
    }

    /** Rules sharing at least {@code minShare} of this rule's leads, most shared first. */
    List<CoFiring> coFiring(String rule, double minShare) {
        int i = rules.indexOf(rule);
        List<CoFiring> partners = new ArrayList<>();
        for (int j = 0; j < rules.size(); j++) {
            if (j == i || fired[i] == 0) {
                continue;
            }
            double share = (double) together[i][j] / fired[i];
            if (share >= minShare) {
                partners.add(new CoFiring(
                        rules.get(j), share, together[i][j], fired[i] - together[i][j], fired[j] - together[i][j]));
            }
        }
        partners.sort((a, b) -> Double.compare(b.share(), a.share()));
        return partners;
    }

    /**
     * The rules this one cannot be told apart from: each other rule it is not separable from, and, when its
     * effective comparison is below {@code minSample}, the rules its firing follows from (or none: then it is the base
     * rate it cannot be told from).
     */
    List<String> inseparableFrom(String rule, int minSample) {
        int i = rules.indexOf(rule);
        List<String> blocking = new ArrayList<>();
        for (int j = 0; j < rules.size(); j++) {
            if (j != i && !separable(i, j, minSample)) {
                blocking.add(rules.get(j));
            }
        }
        if (effective[i] < minSample) {
            for (int j = 0; j < rules.size(); j++) {
                if (j != i && Math.abs(dependence[i][j]) >= 0.3 && !blocking.contains(rules.get(j))) {
                    blocking.add(rules.get(j));
                }
            }
        }
        return blocking;
    }

    private boolean separable(int i, int j, int minSample) {
        long both = together[i][j];
        long withOtherWithout = fired[j] - both;
        long withoutOther = fired[i] - both;
        long neither = n - fired[i] - fired[j] + both;
        return (both >= minSample && withOtherWithout >= minSample)
                || (withoutOther >= minSample && neither >= minSample);
    }
}
