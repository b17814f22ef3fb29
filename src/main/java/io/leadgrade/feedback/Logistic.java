package io.leadgrade.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Logistic regression of a yes/no outcome on which rules fired, with a ridge (L2) penalty on the rule coefficients
 * so that rules seen rarely stay near no effect. Leads with the same fired rules are pooled into one row, so the
 * cost depends on the number of distinct patterns, not of leads. Fitted by Newton-Raphson (IRLS); standard errors
 * from the inverse of the penalised information matrix (Wald).
 *
 * <p>Neither Apache Commons Math nor Hipparchus has a logistic regression (their regressions are least squares, and
 * their optimisers fit least squares or a generic objective without the pooling above), so the Newton steps stay
 * here; the linear algebra in them is Commons Math's.
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
        RealMatrix covariance = solver(information).getInverse();
        double[] se = new double[p];
        for (int j = 0; j < p; j++) {
            se[j] = Math.sqrt(Math.max(0, covariance.getEntry(j, j)));
        }
        return new Fit(List.copyOf(rules), beta, se);
    }

    /**
     * Solves a x = b for the symmetric positive definite (penalised) information matrix, by Commons Math's
     * Cholesky decomposition; falls back to LU when rounding leaves it not quite positive definite.
     */
    static double[] solve(double[][] a, double[] b) {
        return solver(a).solve(new ArrayRealVector(b, false)).toArray();
    }

    private static DecompositionSolver solver(double[][] a) {
        RealMatrix matrix = MatrixUtils.createRealMatrix(a);
        try {
            return new CholeskyDecomposition(matrix, 1e-8, 1e-14).getSolver();
        } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
            return new LUDecomposition(matrix).getSolver();
        }
    }
}
