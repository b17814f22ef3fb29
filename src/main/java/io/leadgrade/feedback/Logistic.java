package io.leadgrade.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Logistic regression of a yes/no outcome on which rules fired, with a ridge (L2) penalty on the rule coefficients
 * so that rules seen rarely stay near no effect. Leads with the same fired rules are pooled into one row, so the
 * cost depends on the number of distinct patterns, not of leads. Fitted by Newton-Raphson (IRLS); standard errors
 * from the inverse of the penalised information matrix (Wald).
 */
final class Logistic {

    /** Coefficients in log-odds per firing, with standard errors; index 0 is the intercept. */
    record Fit(List<String> rules, double[] beta, double[] standardError) {

        double beta(String rule) {
            return beta[rules.indexOf(rule) + 1];
        }

        double standardError(String rule) {
            return standardError[rules.indexOf(rule) + 1];
        }
    }

    private Logistic() {}

    static Fit fit(List<Observation> observations, List<String> rules, Predicate<Observation> outcome, double lambda) {
        int p = rules.size() + 1;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            index.put(rules.get(i), i + 1);
        }
        Map<String, long[]> counts = new HashMap<>();
        Map<String, int[]> patterns = new HashMap<>();
        for (Observation o : observations) {
            List<Integer> fired = new ArrayList<>();
            for (String rule : o.rules().keySet()) {
                Integer i = index.get(rule);
                if (i != null) {
                    fired.add(i);
                }
            }
            fired.sort(Integer::compare);
            String key = fired.toString();
            patterns.computeIfAbsent(
                    key, k -> fired.stream().mapToInt(Integer::intValue).toArray());
            long[] c = counts.computeIfAbsent(key, k -> new long[2]);
            c[0]++;
            c[1] += outcome.test(o) ? 1 : 0;
        }
        double[] beta = new double[p];
        double[][] information = new double[p][p];
        for (int iteration = 0; iteration < 100; iteration++) {
            information = new double[p][p];
            double[] gradient = new double[p];
            for (var entry : counts.entrySet()) {
                int[] x = patterns.get(entry.getKey());
                long n = entry.getValue()[0];
                long y = entry.getValue()[1];
                double eta = beta[0];
                for (int j : x) {
                    eta += beta[j];
                }
                double mu = 1 / (1 + Math.exp(-eta));
                double w = n * mu * (1 - mu);
                double r = y - n * mu;
                gradient[0] += r;
                information[0][0] += w;
                for (int j : x) {
                    gradient[j] += r;
                    information[0][j] += w;
                    information[j][0] += w;
                    for (int k : x) {
                        information[j][k] += w;
                    }
                }
            }
            for (int j = 1; j < p; j++) {
                gradient[j] -= lambda * beta[j];
                information[j][j] += lambda;
            }
            information[0][0] += 1e-9;
            double[] step = solve(information, gradient);
            double largest = 0;
            for (int j = 0; j < p; j++) {
                beta[j] += step[j];
                largest = Math.max(largest, Math.abs(step[j]));
            }
            if (largest < 1e-9) {
                break;
            }
        }
        double[] se = new double[p];
        for (int j = 0; j < p; j++) {
            double[] unit = new double[p];
            unit[j] = 1;
            se[j] = Math.sqrt(Math.max(0, solve(information, unit)[j]));
        }
        return new Fit(List.copyOf(rules), beta, se);
    }

    /** Solves a x = b for a symmetric positive definite a (Cholesky). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
