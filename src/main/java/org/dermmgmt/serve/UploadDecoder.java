package org.dermmgmt.serve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.image.ImageDecoder;
import org.dermmgmt.data.image.RgbImage;

/**
 * Decodes an uploaded JPEG or PNG from memory, strictly, never through a file: ImageIO's default
 * stream would cache to a temporary file, so the stream is a memory-cached one. The declared
 * dimensions are read from the header first and checked against the service's limits before a
 * single pixel is decoded; then the pixels are decoded once, by the pipeline's {@link
 * ImageDecoder} (a JPEG without its end marker or one the decoder warns about counts as damaged:
 * ImageIO would return it part grey).
 */
public final class UploadDecoder {
  private static final int EOI_SEARCH_BYTES = 1024;

  private UploadDecoder() {}

  /** The image of form field {@code field}; every refusal is an {@link ApiError} naming it. */
  public static RgbImage decode(byte[] bytes, String field, ImageLimits limits) {
    if (bytes.length == 0) {
      throw ApiError.badRequest(field, field + ": the file is empty");
    }
    if (bytes.length > limits.maxBytes()) {
      throw ApiError.tooLarge(field, field + ": " + bytes.length + " bytes, over the limit of "
          + limits.maxBytes() + " bytes");
    }
    boolean jpeg = isJpeg(bytes);
    if (!jpeg && !isPng(bytes)) {
      throw ApiError.badRequest(field, field + ": not a JPEG or PNG image");
    }
    if (jpeg && !endsWithEoi(bytes)) {
      throw ApiError.badRequest(field, field + ": the JPEG is truncated (no end-of-image marker)");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw ApiError.badRequest(field, field + ": no decoder for this image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > limits.maxPixels()) {
          throw ApiError.tooLarge(field, field + ": the image declares " + width + "x" + height + " = "
              + width * height + " pixels, over the limit of " + limits.maxPixels());
        }
        if (Math.min(width, height) < limits.minSide()) {
          throw ApiError.badRequest(field, field + ": the image is " + width + "x" + height
              + ", under the minimum of " + limits.minSide() + " pixels a side");
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiError a) {
        throw a;
      }
      throw ApiError.badRequest(field, field + ": cannot decode the image (" + oneLine(e) + ")");
    }
    // The pixels, decoded once by the inference pipeline's own decoder (upright, with its damage
    // checks): the inferer, the quality gate and the heat maps all use this image.
    try {
      return ImageDecoder.decode(bytes, field);
    } catch (UserInputException e) {
      String message = e.getMessage().replaceFirst("^image " + Pattern.quote(field) + " ", "the image ");
      throw ApiError.badRequest(field, field + ": " + message);
    } catch (RuntimeException e) {
      throw ApiError.badRequest(field, field + ": cannot decode the image (" + oneLine(e) + ")");
    }
  }

  static boolean isJpeg(byte[] b) {
    return b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
  }

  static boolean isPng(byte[] b) {
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (b[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** FFD9 within the last KB: some writers pad after the marker. */
  private static boolean endsWithEoi(byte[] b) {
    int from = Math.max(0, b.length - EOI_SEARCH_BYTES);
    for (int i = b.length - 2; i >= from; i--) {
      if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ");
  }
}
