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

  /**
   * The measured defaults with the SIZE check tied to a model's input side: an image whose shorter
   * side is under the side the network sees would be upscaled, inventing detail it was trained to
   * read from real pixels. Below {@value #SIZE_TOLERANCE} of the side that upscaling is refused;
   * above, the slight stretch does no harm (for the 224-pixel MobileNetV2 models: 180 px, which
   * every real Derm7pt image passes, BENCHMARKS.md "Image-quality gate").
   */
  public static QualityGate forInputSide(int side) {
    if (side < 1) {
      throw new IllegalArgumentException("input side must be >= 1 pixel, got " + side);
    }
    return defaults().with(QualityCheck.SIZE, Math.ceil(SIZE_TOLERANCE * side));
  }

  /** Fraction of the model's input side an image's shorter side may fall to ({@link #forInputSide}). */
  public static final double SIZE_TOLERANCE = 0.8;

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
