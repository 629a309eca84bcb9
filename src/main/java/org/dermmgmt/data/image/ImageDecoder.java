package org.dermmgmt.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.dicom.DicomReader;

/**
 * The one entry point that turns an image file, or its bytes, into upright 8-bit RGB. The format
 * comes from the content (JPEG, PNG, DICOM), never from the extension. Every refusal is a
 * {@link UserInputException} whose one-line message names the file:
 *
 * <ul>
 *   <li>JPEG: baseline, progressive, grey, CMYK/YCCK (TwelveMonkeys); turned upright per its EXIF
 *       Orientation tag ({@link ExifOrientation}); truncated files are caught by the missing
 *       end-of-image marker and by decoder warnings, because ImageIO silently fills the missing
 *       part with grey;
 *   <li>PNG: 8 and 16 bits, grey, palette, with alpha composited on black ({@link RgbConversion});
 *       truncated files are caught by the missing IEND chunk;
 *   <li>DICOM: see {@link DicomReader}.
 * </ul>
 *
 * Sizes are checked from the header before any pixel is decoded: at least {@value #MIN_SIDE}
 * pixels a side, at most {@value #MAX_PIXELS} pixels, so a decompression bomb (say a 30000x30000
 * PNG of a few KB, 3.6 GB once decoded) is refused without allocating its pixels. Nothing touches
 * the disk except reading the file itself: uploads decode from memory.
 */
public final class ImageDecoder {
  /** Fewer pixels than this on a side leaves nothing of a lesion (thumbnails, tracking pixels). */
  public static final int MIN_SIDE = 8;
  /** 64 megapixels: above any dermatoscope or phone photo in use, 192 MB of RGB once decoded. */
  public static final long MAX_PIXELS = 64_000_000L;
  /** No single photo is this large; reading more into memory is refused up front. */
  public static final long MAX_FILE_BYTES = 256L << 20;
  /** How far from the end the JPEG EOI marker or PNG IEND chunk may sit (padding after them). */
  private static final int END_SEARCH_BYTES = 1024;

  private ImageDecoder() {}

  /** Decodes a file; throws {@link UserInputException} naming it when it is unusable. */
  public static RgbImage decode(Path file) {
    return decode(read(file), file.toString());
  }

  /**
   * Decodes image bytes held in memory (an upload) with the same checks as a file.
   *
   * @param name how messages name the image, e.g. the upload's field and file name
   */
  public static RgbImage decode(byte[] bytes, String name) {
    if (bytes.length == 0) {
      throw new UserInputException("image " + name + " is empty (0 bytes)");
    }
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == null) {
      throw new UserInputException(
          "image " + name + " is not a JPEG or PNG image (nor DICOM): " + ImageFormat.describeOther(bytes));
    }
    return switch (format) {
      case JPEG -> decodeJpeg(bytes, name, true);
      case PNG -> decodePng(bytes, name);
      case DICOM -> DicomReader.read(bytes, name).image();
    };
  }

  /** The file's bytes, refusing missing, empty and oversized files by name. */
  public static byte[] read(Path file) {
    if (!Files.exists(file)) {
      throw new UserInputException("image " + file + " does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new UserInputException("image " + file + " is not a file");
    }
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw new UserInputException("image " + file + " is empty (0 bytes)");
      }
      if (size > MAX_FILE_BYTES) {
        throw new UserInputException("image " + file + " is " + (size >> 20) + " MB, over the "
            + (MAX_FILE_BYTES >> 20) + " MB limit for one image");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserInputException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Strict JPEG decoding of bytes (a file, an upload, or a DICOM fragment).
   *
   * @param upright apply the EXIF Orientation tag; false for a DICOM's embedded stream, whose
   *     orientation DICOM defines (its rows are as stored)
   */
  public static RgbImage decodeJpeg(byte[] bytes, String name, boolean upright) {
    if (!hasNear(bytes, new byte[] {(byte) 0xFF, (byte) 0xD9})) {
      throw new UserInputException("image " + name + " is truncated (no JPEG end-of-image marker)");
    }
    RgbImage im = RgbConversion.toRgb(decodeWith(preferredReader("jpeg"), bytes, name));
    return upright ? ExifOrientation.apply(im, ExifOrientation.of(bytes)) : im;
  }

  static RgbImage decodePng(byte[] bytes, String name) {
    if (!hasNear(bytes, "IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      throw new UserInputException("image " + name + " is truncated (no PNG end chunk IEND)");
    }
    return RgbConversion.toRgb(decodeWith(preferredReader("png"), bytes, name));
  }

  /**
   * Refuses dimensions that cannot be a usable photo; called with the header's values before
   * any pixel is decoded (also by the DICOM reader).
   */
  public static void checkDimensions(String name, long width, long height, long fileBytes) {
    if (width < MIN_SIDE || height < MIN_SIDE) {
      throw new UserInputException("image " + name + " is " + width + "x" + height
          + " pixels, too small to be usable (at least " + MIN_SIDE + "x" + MIN_SIDE + " needed)");
    }
    if (width * height > MAX_PIXELS) {
      throw new UserInputException(String.format(Locale.ROOT,
          "image %s declares %dx%d pixels (%.1f megapixels) in a %s file: over the limit of %d "
              + "megapixels, refused before decoding (a decompression bomb?)",
          name, width, height, width * height / 1e6, size(fileBytes), MAX_PIXELS / 1_000_000));
    }
  }

  private static BufferedImage decodeWith(ImageReader reader, byte[] bytes, String name) {
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> {
      if (!isColourNote(warning)) {
        warnings.add(warning);
      }
    });
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int w;
      int h;
      try {
        w = reader.getWidth(0);
        h = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        throw new UserInputException("image " + name + " has a damaged header: " + e.getMessage(), e);
      }
      checkDimensions(name, w, h, bytes.length);
      BufferedImage image = reader.read(0);
      if (!warnings.isEmpty()) {
        throw new UserInputException("image " + name + " is damaged: " + String.join("; ", warnings));
      }
      return image;
    } catch (UserInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new UserInputException("image " + name + " is damaged: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }

  /**
   * Warnings that say colours were converted without a profile (TwelveMonkeys on a CMYK JPEG
   * with no embedded ICC profile) are notes, not damage: the pixels are all there.
   */
  private static boolean isColourNote(String warning) {
    String w = warning.toLowerCase(Locale.ROOT);
    return w.contains("icc") || w.contains("color profile") || w.contains("colour profile");
  }

  /** TwelveMonkeys' JPEG reader (CMYK, YCCK, lenient markers) ahead of the JDK's. */
  private static ImageReader preferredReader(String format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    ImageReader first = null;
    while (readers.hasNext()) {
      ImageReader r = readers.next();
      if (r.getClass().getName().startsWith("com.twelvemonkeys")) {
        if (first != null) {
          first.dispose();
        }
        return r;
      }
      if (first == null) {
        first = r;
      } else {
        r.dispose();
      }
    }
    if (first == null) {
      throw new IllegalStateException("no ImageIO reader for " + format);
    }
    return first;
  }

  private static boolean hasNear(byte[] bytes, byte[] marker) {
    int from = Math.max(0, bytes.length - END_SEARCH_BYTES);
    for (int i = bytes.length - marker.length; i >= from; i--) {
      boolean match = true;
      for (int k = 0; k < marker.length && match; k++) {
        match = bytes[i + k] == marker[k];
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static String size(long bytes) {
    return bytes < 1024 ? bytes + "-byte" : bytes < 1 << 20 ? (bytes >> 10) + " KB" : (bytes >> 20) + " MB";
  }
}
