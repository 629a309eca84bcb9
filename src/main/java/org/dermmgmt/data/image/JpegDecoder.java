package org.dermmgmt.data.image;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Kept for existing callers: decoding now lives in {@link ImageDecoder}, which reads JPEG, PNG
 * and DICOM with the same strictness (truncated or damaged files fail rather than train on grey).
 */
public final class JpegDecoder {
  private JpegDecoder() {}

  /** Decodes to upright RGB; throws {@link org.dermmgmt.UserInputException} naming the file. */
  public static RgbImage decode(Path file) {
    return ImageDecoder.decode(file);
  }

  public static BufferedImage decodeBuffered(Path file) {
    return decode(file).toBufferedImage();
  }
}
