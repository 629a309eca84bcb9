package org.dermmgmt.decide;

import java.util.List;

/**
 * The checks of the {@link QualityGate}, in the order they are reported: an image that fails an
 * early check (too small, too dark) usually fails later ones too (a dark image has little
 * Laplacian energy), and the first failure is the reason a case is referred.
 */
public enum QualityCheck {
  /** Shorter side in pixels, at least the threshold. */
  SIZE("min_side_px", true),
  /** Mean luma 0..255, at least the threshold. */
  DARK("mean_luma", true),
  /** Fraction of pixels with luma ≥ 250, at most the threshold. */
  OVEREXPOSED("clipped_fraction", false),
  /** Fraction of 8×8 blocks (at 256 px) with luma std below 2, at most the threshold. */
  UNIFORM("flat_block_fraction", false),
  /** Variance of the Laplacian of luma (at 256 px), at least the threshold. */
  BLUR("laplacian_variance", true),
  /** CIELAB chroma of the mean colour towards green or blue, at most the threshold. */
  COLOUR_CAST("cast_chroma", false);

  public static final List<QualityCheck> ALL = List.of(values());

  private final String measure;
  private final boolean atLeast;

  QualityCheck(String measure, boolean atLeast) {
    this.measure = measure;
    this.atLeast = atLeast;
  }

  /** Name of the measured quantity, as written into reports, JSON and FHIR. */
  public String measure() {
    return measure;
  }

  /** True when the value must be at least the threshold, false when at most. */
  public boolean atLeast() {
    return atLeast;
  }

  /** The value this check reads from the measures. */
  public double value(ImageMeasures m) {
    return switch (this) {
      case SIZE -> m.minSide();
      case DARK -> m.meanLuma();
      case OVEREXPOSED -> m.clippedFraction();
      case UNIFORM -> m.flatFraction();
      case BLUR -> m.sharpness();
      case COLOUR_CAST -> m.cast();
    };
  }

  public boolean passes(double value, double threshold) {
    return atLeast ? value >= threshold : value <= threshold;
  }
}
