package org.dermmgmt.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;

/**
 * Risk–coverage of a referral threshold: the cases are sorted by calibrated confidence (the
 * maximum management probability); referring every case below a threshold c leaves the cases with
 * confidence ≥ c to be decided automatically. For every distinct confidence (ties are decided or
 * referred together, as a threshold cannot split them) the curve has one point with the coverage
 * and, over the decided cases, the accuracy of the policy's decisions and its missed malignancy
 * ({@link ClinicalRates#missedMalignancyRate(List, List)}).
 */
public final class RiskCoverage {
  private RiskCoverage() {}

  /**
   * One threshold.
   *
   * @param threshold refer the cases with confidence below this
   * @param decided cases with confidence ≥ threshold
   * @param missedMalignancyRate NaN while no decided case is malignant
   */
  public record Point(double threshold, int decided, double coverage, double accuracy,
      int malignant, int missedMalignant, double missedMalignancyRate) {}

  /**
   * The headline figures: the largest coverage at which accuracy is at least {@code accuracy}
   * and the largest at which no decided malignant case is missed, with their thresholds (NaN when
   * no threshold reaches them).
   */
  public record Summary(double targetAccuracy, double coverageAtAccuracy,
      double thresholdAtAccuracy, double coverageAtZeroMissed, double thresholdAtZeroMissed) {}

  /**
   * Points from the highest threshold (fewest cases decided) to the lowest (all decided).
   *
   * @param confidence per case, e.g. the calibrated max management probability
   * @param decisions per case, the policy's decision (no referrals)
   */
  public static List<Point> curve(List<EvaluatedCase> cases, double[] confidence,
      List<Management> decisions) {
    if (cases.size() != confidence.length || cases.size() != decisions.size()) {
      throw new IllegalArgumentException("cases, confidences and decisions differ in length");
    }
    Integer[] order = new Integer[cases.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
    List<Point> out = new ArrayList<>();
    int correct = 0;
    int malignant = 0;
    int missed = 0;
    for (int j = 0; j < order.length; j++) {
      int i = order[j];
      EvaluatedCase c = cases.get(i);
      Management d = decisions.get(i);
      correct += d == c.truth() ? 1 : 0;
      if (c.trueDiagnosis() != null && c.trueDiagnosis().isMalignant()) {
        malignant++;
        missed += d == Management.EXC ? 0 : 1;
      }
      boolean lastOfTie = j + 1 == order.length || confidence[order[j + 1]] < confidence[i];
      if (lastOfTie) {
        int n = j + 1;
        out.add(new Point(confidence[i], n, (double) n / order.length, (double) correct / n,
            malignant, missed, malignant == 0 ? Double.NaN : (double) missed / malignant));
      }
    }
    return out;
  }

  public static Summary summary(List<Point> curve, double targetAccuracy) {
    Point acc = null;
    Point zero = null;
    for (Point p : curve) { // coverage grows along the curve: keep the last that qualifies
      if (p.accuracy() >= targetAccuracy) {
        acc = p;
      }
      if (p.missedMalignant() == 0) {
        zero = p;
      }
    }
    return new Summary(targetAccuracy,
        acc == null ? Double.NaN : acc.coverage(), acc == null ? Double.NaN : acc.threshold(),
        zero == null ? Double.NaN : zero.coverage(), zero == null ? Double.NaN : zero.threshold());
  }

  /** risk_coverage.csv: threshold,decided,coverage,accuracy,malignant,missed_malignant,missed_malignancy_rate. */
  public static void writeCsv(List<Point> curve, Path file) {
    StringBuilder sb = new StringBuilder(
        "threshold,decided,coverage,accuracy,malignant,missed_malignant,missed_malignancy_rate\n");
    for (Point p : curve) {
      sb.append(String.format(Locale.ROOT, "%.6f,%d,%.6f,%.6f,%d,%d,%s%n", p.threshold(),
          p.decided(), p.coverage(), p.accuracy(), p.malignant(), p.missedMalignant(),
          Double.isNaN(p.missedMalignancyRate()) ? ""
              : String.format(Locale.ROOT, "%.6f", p.missedMalignancyRate())));
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UserInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
