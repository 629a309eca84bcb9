package org.dermmgmt.data.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.dermmgmt.UserInputException;

/**
 * Decodes JPEG files strictly. ImageIO (TwelveMonkeys included) returns a partly grey image for a
 * truncated JPEG and only says so through a warning, so both a decoder warning and a missing EOI
 * marker (FFD9) at the end of the file count as failure: a model must not silently train on grey.
 */
public final class JpegDecoder {
  /** How far from the end the EOI marker may sit: some writers pad files after it. */
  private static final int EOI_SEARCH_BYTES = 1024;

  private JpegDecoder() {}

  /** Decodes to RGB; throws {@link UserInputException} naming the file when it is unusable. */
  public static RgbImage decode(Path file) {
    return RgbImage.of(decodeBuffered(file));
  }

  public static BufferedImage decodeBuffered(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException("image " + file + " does not exist");
    }
    try {
      if (!endsWithEoi(file)) {
        throw new UserInputException("image " + file + " is truncated (no JPEG end-of-image marker)");
      }
      try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
          throw new UserInputException("image " + file + " is not a readable image format");
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        try {
          reader.setInput(in, true, true);
          BufferedImage image = reader.read(0);
          if (!warnings.isEmpty()) {
            throw new UserInputException("image " + file + " is damaged: " + String.join("; ", warnings));
          }
          return image;
        } finally {
          reader.dispose();
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserInputException u) {
        throw u;
      }
      throw new UserInputException("cannot decode image " + file + ": " + e.getMessage(), e);
    }
  }

  static boolean endsWithEoi(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      int n = (int) Math.min(len, EOI_SEARCH_BYTES);
      byte[] tail = new byte[n];
      f.seek(len - n);
      f.readFully(tail);
      for (int i = n - 2; i >= 0; i--) {
        if ((tail[i] & 0xff) == 0xFF && (tail[i + 1] & 0xff) == 0xD9) {
          return true;
        }
      }
      return false;
    }
  }
}
