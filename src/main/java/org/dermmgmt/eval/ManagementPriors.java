package org.dermmgmt.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;

/**
 * P(management | diagnosis group), the "management priors" that turn a diagnosis model into
 * MGMT_infr (paper.md §3): P(m | x) = Σ_d P(d | x) · P(m | d). The count table is kept so the
 * priors can be inspected, saved and re-smoothed.
 */
public final class ManagementPriors {
  private static final int D = DiagnosisGroup.ALL.size();
  private static final int M = Management.ALL.size();

  private final int[][] counts;
  private final double laplace;

  private ManagementPriors(int[][] counts, double laplace) {
    if (counts.length != D || laplace < 0) {
      throw new IllegalArgumentException("need " + D + " rows and laplace >= 0");
    }
    this.counts = new int[D][];
    for (int d = 0; d < D; d++) {
      if (counts[d].length != M) {
        throw new IllegalArgumentException("need " + M + " management columns");
      }
      this.counts[d] = counts[d].clone();
    }
    this.laplace = laplace;
  }

  /** From counts[diagnosis ordinal][management ordinal]. */
  public static ManagementPriors fromCounts(int[][] counts, double laplace) {
    return new ManagementPriors(counts, laplace);
  }

  /** Estimated from observed (diagnosis, management) pairs, no smoothing. */
  public static ManagementPriors estimate(Iterable<Map.Entry<DiagnosisGroup, Management>> pairs) {
    return estimate(pairs, 0.0);
  }

  /** Estimated from observed pairs with add-{@code laplace} smoothing (0 = none). */
  public static ManagementPriors estimate(
      Iterable<Map.Entry<DiagnosisGroup, Management>> pairs, double laplace) {
    int[][] c = new int[D][M];
    for (Map.Entry<DiagnosisGroup, Management> e : pairs) {
      c[e.getKey().ordinal()][e.getValue().ordinal()]++;
    }
    return new ManagementPriors(c, laplace);
  }

  /**
   * The whole-dataset 5-class table of paper.md §2.6. Only whole-dataset frequencies make EXC the
   * NEV choice, which Table 2's MGMT_infr numbers require (paper.md §3 point 2).
   */
  public static ManagementPriors paperWholeDataset() {
    int[][] c = new int[D][];
    c[DiagnosisGroup.BCC.ordinal()] = new int[] {0, 0, 42};
    c[DiagnosisGroup.NEV.ordinal()] = new int[] {29, 268, 278};
    c[DiagnosisGroup.MEL.ordinal()] = new int[] {0, 0, 252};
    c[DiagnosisGroup.MISC.ordinal()] = new int[] {50, 24, 23};
    c[DiagnosisGroup.SK.ordinal()] = new int[] {31, 4, 10};
    return new ManagementPriors(c, 0.0);
  }

  public int[][] counts() {
    int[][] c = new int[D][];
    for (int d = 0; d < D; d++) {
      c[d] = counts[d].clone();
    }
    return c;
  }

  public double laplace() {
    return laplace;
  }

  /**
   * P(· | d) = (count + α)/(row total + α·3). A group with no cases and α = 0 gets the uniform
   * distribution: we know nothing about it, and a zero row would make P(m|x) not sum to 1.
   */
  public double[] row(DiagnosisGroup d) {
    int[] r = counts[d.ordinal()];
    double total = 0;
    for (int v : r) {
      total += v;
    }
    double den = total + laplace * M;
    double[] p = new double[M];
    for (int m = 0; m < M; m++) {
      p[m] = den == 0 ? 1.0 / M : (r[m] + laplace) / den;
    }
    return p;
  }

  public double probability(Management m, DiagnosisGroup d) {
    return row(d)[m.ordinal()];
  }

  /** Soft inference P(m|x) = Σ_d P(d|x)·P(m|d), in Management order. */
  public double[] infer(double[] pDiagnosis) {
    if (pDiagnosis.length != D) {
      throw new IllegalArgumentException("need " + D + " diagnosis probabilities");
    }
    double[] out = new double[M];
    for (DiagnosisGroup d : DiagnosisGroup.ALL) {
      double[] r = row(d);
      for (int m = 0; m < M; m++) {
        out[m] += pDiagnosis[d.ordinal()] * r[m];
      }
    }
    return out;
  }

  /** MGMT_infr cases: the diagnosis cases with pManagement replaced by the inferred one. */
  public java.util.List<EvaluatedCase> inferCases(java.util.List<EvaluatedCase> cases) {
    return cases.stream()
        .map(
            c -> {
              if (c.pDiagnosis() == null) {
                throw new IllegalArgumentException("case " + c.caseNum() + " has no pDiagnosis");
              }
              return new EvaluatedCase(
                  c.caseNum(), c.split(), c.truth(), infer(c.pDiagnosis()),
                  c.trueDiagnosis(), c.pDiagnosis());
            })
        .toList();
  }

  /** {"laplace": α, "labels": [NONE,CLNC,EXC], "counts": {"BCC": [..], ...}, "probabilities": ..}. */
  public ObjectNode toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("laplace", laplace);
    ArrayNode labels = root.putArray("labels");
    Management.ALL.forEach(m -> labels.add(m.name()));
    ObjectNode c = root.putObject("counts");
    ObjectNode p = root.putObject("probabilities");
    for (DiagnosisGroup d : DiagnosisGroup.ALL) {
      ArrayNode a = c.putArray(d.name());
      for (int v : counts[d.ordinal()]) {
        a.add(v);
      }
      ArrayNode b = p.putArray(d.name());
      for (double v : row(d)) {
        b.add(v);
      }
    }
    return root;
  }

  /** Reads {@link #toJson()} output; "probabilities" is informative and ignored. */
  public static ManagementPriors fromJson(JsonNode root, String source) {
    JsonNode c = root.path("counts");
    int[][] counts = new int[D][M];
    for (DiagnosisGroup d : DiagnosisGroup.ALL) {
      JsonNode row = c.path(d.name());
      if (!row.isArray() || row.size() != M) {
        throw new UserInputException(
            source + ": counts." + d.name() + " must be an array of " + M + " integers");
      }
      for (int m = 0; m < M; m++) {
        if (!row.get(m).canConvertToInt() || row.get(m).asInt() < 0) {
          throw new UserInputException(
              source + ": counts." + d.name() + "[" + m + "] is not a count");
        }
        counts[d.ordinal()][m] = row.get(m).asInt();
      }
    }
    return new ManagementPriors(counts, root.path("laplace").asDouble(0.0));
  }

  public void write(Path file) {
    Json.write(toJson(), file);
  }

  public static ManagementPriors read(Path file) {
    return fromJson(Json.read(file), file.toString());
  }
}
