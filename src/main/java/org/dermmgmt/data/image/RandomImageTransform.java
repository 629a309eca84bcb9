package org.dermmgmt.data.image;

import java.util.SplittableRandom;

/** A random image step; all randomness comes from {@code rng}, so a seed fixes the result. */
@FunctionalInterface
public interface RandomImageTransform {
  RgbImage apply(RgbImage image, SplittableRandom rng);
}
