package org.dermmgmt.data.image;

/** A deterministic image-to-image step (MONAI style: small, composable, no hidden state). */
@FunctionalInterface
public interface ImageTransform {
  RgbImage apply(RgbImage image);
}
