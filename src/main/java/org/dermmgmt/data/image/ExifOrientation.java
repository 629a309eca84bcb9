package org.dermmgmt.data.image;

/**
 * The EXIF Orientation tag (0x0112) of a JPEG and the turn that makes the image upright. Cameras
 * and phones store the sensor's pixels as shot and record how to turn them; every viewer applies
 * the tag, so a model that ignored it would see a sideways lesion the clinician never saw.
 *
 * <p>Values (EXIF 2.3, TIFF 6.0): 1 upright, 2 mirrored left-right, 3 turned 180°, 4 mirrored
 * top-bottom, 5 transposed, 6 needs 90° clockwise, 7 transversed, 8 needs 90° counter-clockwise.
 * Only the first APP1 "Exif" segment of IFD0 is read; anything malformed counts as upright, as in
 * viewers (an unreadable tag must not make an otherwise good photo unusable).
 */
public final class ExifOrientation {
  public static final int UPRIGHT = 1;
  private static final int TAG_ORIENTATION = 0x0112;

  private ExifOrientation() {}

  /** The orientation recorded in a JPEG's bytes, 1..8; 1 when absent or unreadable. */
  public static int of(byte[] jpeg) {
    int i = 2; // after SOI
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xFF) {
      int marker = jpeg[i + 1] & 0xff;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        break; // image data starts: no metadata after it matters
      }
      int len = u16(jpeg, i + 2, false);
      if (len < 2 || i + 2 + len > jpeg.length) {
        break;
      }
      if (marker == 0xE1 && len >= 8 && ascii(jpeg, i + 4, "Exif\0\0")) {
        return fromTiff(jpeg, i + 10, i + 2 + len);
      }
      i += 2 + len;
    }
    return UPRIGHT;
  }

  /** Reads IFD0 of the TIFF structure in [start, end). */
  private static int fromTiff(byte[] b, int start, int end) {
    if (end - start < 8) {
      return UPRIGHT;
    }
    boolean little;
    if (ascii(b, start, "II")) {
      little = true;
    } else if (ascii(b, start, "MM")) {
      little = false;
    } else {
      return UPRIGHT;
    }
    long ifd = u32(b, start + 4, little);
    if (ifd < 8 || start + ifd + 2 > end) {
      return UPRIGHT;
    }
    int p = (int) (start + ifd);
    int count = u16(b, p, little);
    for (int k = 0; k < count; k++) {
      int e = p + 2 + 12 * k;
      if (e + 12 > end) {
        return UPRIGHT;
      }
      if (u16(b, e, little) == TAG_ORIENTATION) {
        int type = u16(b, e + 2, little);
        // SHORT (3) as written by cameras; a LONG (4) is tolerated.
        int v = type == 3 ? u16(b, e + 8, little) : type == 4 ? (int) u32(b, e + 8, little) : UPRIGHT;
        return v >= 1 && v <= 8 ? v : UPRIGHT;
      }
    }
    return UPRIGHT;
  }

  /** The image as it is meant to be seen under {@code orientation}. */
  public static RgbImage apply(RgbImage im, int orientation) {
    if (orientation <= UPRIGHT || orientation > 8) {
      return im;
    }
    int w = im.width();
    int h = im.height();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] src = im.rgb();
    byte[] out = new byte[src.length];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        // (sx, sy): the stored pixel shown at (x, y) of the upright image.
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
          case 4 -> { sx = x; sy = h - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = h - 1 - x; }
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
          default -> { sx = w - 1 - y; sy = x; } // 8
        }
        System.arraycopy(src, 3 * (sy * w + sx), out, 3 * (y * ow + x), 3);
      }
    }
    return new RgbImage(ow, oh, out);
  }

  private static boolean ascii(byte[] b, int off, String s) {
    if (off + s.length() > b.length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[off + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int off, boolean little) {
    int a = b[off] & 0xff;
    int c = b[off + 1] & 0xff;
    return little ? a | c << 8 : a << 8 | c;
  }

  private static long u32(byte[] b, int off, boolean little) {
    if (off + 4 > b.length) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < 4; i++) {
      int x = b[off + (little ? 3 - i : i)] & 0xff;
      v = v << 8 | x;
    }
    return v;
  }
}
