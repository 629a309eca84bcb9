package org.dermmgmt.decide;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.image.RgbImage;

/**
 * Image-quality gate run before prediction: a case whose image fails a check is referred to a
 * dermatologist, not guessed. Each check is one simple measure ({@link ImageMeasures}) against one
 * threshold; the defaults were measured on the 1225 real Derm7pt images (BENCHMARKS.md, {@link
 * QualityGateBench}) to reject at most 1% of them while firing on degraded copies
 * (QualityGateTest).
 */
public final class QualityGate {
  private final Map<QualityCheck, Double> thresholds;

  private QualityGate(Map<QualityCheck, Double> thresholds) {
    this.thresholds = new EnumMap<>(thresholds);
  }

  /** The measured defaults (BENCHMARKS.md, "Image-quality gate"). */
  public static QualityGate defaults() {
    Map<QualityCheck, Double> t = new EnumMap<>(QualityCheck.class);
    t.put(QualityCheck.SIZE, 224.0);
    t.put(QualityCheck.DARK, 30.0);
    t.put(QualityCheck.OVEREXPOSED, 0.45);
    t.put(QualityCheck.UNIFORM, 0.85);
    t.put(QualityCheck.BLUR, 20.0);
    t.put(QualityCheck.COLOUR_CAST, 10.0);
    return new QualityGate(t);
  }

  /** A copy with one threshold changed. */
  public QualityGate with(QualityCheck check, double threshold) {
    Map<QualityCheck, Double> t = new EnumMap<>(thresholds);
    t.put(check, threshold);
    return new QualityGate(t);
  }

  public double threshold(QualityCheck check) {
    return thresholds.get(check);
  }

  public Map<QualityCheck, Double> thresholds() {
    return new EnumMap<>(thresholds);
  }

  public QualityReport check(String image, BufferedImage decoded) {
    return check(image, RgbImage.of(decoded));
  }

  public QualityReport check(String image, RgbImage decoded) {
    return judge(image, ImageMeasures.of(decoded));
  }

  /** Applies the thresholds to ready measures (the bench measures once, judges many times). */
  public QualityReport judge(String image, ImageMeasures m) {
    List<QualityReport.Result> out = new ArrayList<>();
    for (QualityCheck c : QualityCheck.ALL) {
      double v = c.value(m);
      double t = thresholds.get(c);
      out.add(new QualityReport.Result(c, v, t, c.passes(v, t)));
    }
    return new QualityReport(image, m, out);
  }
}
