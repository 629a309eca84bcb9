package org.dermmgmt.data.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The image formats dermmgmt reads, recognised from the first bytes, never from the file name: an
 * upper-case {@code .JPG}, a PNG saved as {@code .jpg} or a DICOM file without extension all read
 * the same. Anything else is described (HTML, text, another binary format) for the error message.
 */
public enum ImageFormat {
  JPEG,
  PNG,
  /** A DICOM Part 10 file: 128-byte preamble, then "DICM". */
  DICOM;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int DICOM_MAGIC_OFFSET = 128;

  /** The format of {@code head} (the file's first bytes, at least 132 for DICOM), or null. */
  public static ImageFormat sniff(byte[] head) {
    if (head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
      return JPEG;
    }
    if (startsWith(head, 0, PNG_SIGNATURE)) {
      return PNG;
    }
    if (startsWith(head, DICOM_MAGIC_OFFSET, "DICM".getBytes(StandardCharsets.US_ASCII))) {
      return DICOM;
    }
    return null;
  }

  /** What a file that is no image looks like, e.g. "it looks like HTML", for messages. */
  public static String describeOther(byte[] head) {
    String start = new String(head, 0, Math.min(head.length, 512), StandardCharsets.ISO_8859_1)
        .replace("\uFEFF", "").replace("ï»¿", "").stripLeading().toLowerCase(Locale.ROOT);
    if (start.startsWith("<!doctype html") || start.startsWith("<html") || start.contains("<html")
        || start.contains("<head") || start.contains("<body")) {
      return "it looks like an HTML page (a saved web page or a download that failed?)";
    }
    if (start.startsWith("<?xml") || start.startsWith("<svg")) {
      return "it looks like XML/SVG";
    }
    if (start.startsWith("%pdf")) {
      return "it looks like a PDF document";
    }
    if (startsWith(head, 0, "GIF8".getBytes(StandardCharsets.US_ASCII))) {
      return "it is a GIF";
    }
    if (startsWith(head, 0, "II*\0".getBytes(StandardCharsets.US_ASCII))
        || startsWith(head, 0, "MM\0*".getBytes(StandardCharsets.US_ASCII))) {
      return "it is a TIFF";
    }
    if (startsWith(head, 0, "BM".getBytes(StandardCharsets.US_ASCII))) {
      return "it looks like a BMP";
    }
    if (head.length >= 12 && startsWith(head, 0, "RIFF".getBytes(StandardCharsets.US_ASCII))
        && startsWith(head, 8, "WEBP".getBytes(StandardCharsets.US_ASCII))) {
      return "it is a WebP";
    }
    if (head.length >= 12 && startsWith(head, 4, "ftyp".getBytes(StandardCharsets.US_ASCII))) {
      return "it looks like HEIC/HEIF or another ISO media file";
    }
    if (isText(head)) {
      return "it is text";
    }
    return "its first bytes are " + hex(head, 8);
  }

  private static boolean isText(byte[] head) {
    int n = Math.min(head.length, 512);
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      int b = head[i] & 0xff;
      if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B)) {
        return false;
      }
    }
    return true;
  }

  private static String hex(byte[] b, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(n, b.length); i++) {
      s.append(String.format("%02X", b[i] & 0xff));
      if (i + 1 < Math.min(n, b.length)) {
        s.append(' ');
      }
    }
    return s.toString();
  }

  private static boolean startsWith(byte[] b, int offset, byte[] prefix) {
    if (b.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
