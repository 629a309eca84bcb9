package org.dermmgmt.serve;

import org.dermmgmt.UserInputException;

/**
 * What an uploaded image may be. Pixels are bounded separately from bytes because a few KB of PNG
 * can declare 30000x30000 pixels (a decompression bomb): the header is checked before decoding.
 *
 * @param maxBytes largest file accepted (413 above)
 * @param maxPixels largest width x height accepted (413 above), checked from the header
 * @param minSide smallest width or height accepted (400 below)
 */
public record ImageLimits(long maxBytes, long maxPixels, int minSide) {
  /** 20 MB, 16 megapixels (a 12 MP phone photo fits), 32 pixels. */
  public static final ImageLimits DEFAULT = new ImageLimits(20L << 20, 16_000_000L, 32);

  public ImageLimits {
    if (maxBytes <= 0 || maxPixels <= 0 || minSide <= 0) {
      throw new UserInputException(
          "image limits must be > 0, got max bytes " + maxBytes + ", max pixels " + maxPixels
              + ", min side " + minSide);
    }
  }

  /** The largest request body: two images plus room for the form's other parts and headers. */
  public long maxRequestBytes() {
    return 2 * maxBytes + 64 * 1024;
  }
}
