package org.dermmgmt.decide;

import java.util.List;
import java.util.Optional;

/**
 * The gate's verdict on one image: every check with its value and threshold.
 *
 * @param image which input this is (e.g. "clinic", "derm"), as the caller names it
 */
public record QualityReport(String image, ImageMeasures measures, List<Result> results) {

  /** One check: its measured value, the threshold it was held to, and whether it passed. */
  public record Result(QualityCheck check, double value, double threshold, boolean passed) {
    /** E.g. "BLUR: laplacian_variance 3.1 < 12.0". */
    public String describe() {
      String op = passed ? (check.atLeast() ? "≥" : "≤") : (check.atLeast() ? "<" : ">");
      return check + ": " + check.measure() + " " + fmt(value) + " " + op + " " + fmt(threshold);
    }

    private static String fmt(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e9
          ? Long.toString((long) v)
          : String.format(java.util.Locale.ROOT, "%.4g", v);
    }
  }

  public QualityReport {
    results = List.copyOf(results);
  }

  public boolean passed() {
    return results.stream().allMatch(Result::passed);
  }

  public List<Result> failures() {
    return results.stream().filter(r -> !r.passed()).toList();
  }

  /** The first failed check in {@link QualityCheck} order: the reason the case is referred. */
  public Optional<Result> firstFailure() {
    return results.stream().filter(r -> !r.passed()).findFirst();
  }
}
