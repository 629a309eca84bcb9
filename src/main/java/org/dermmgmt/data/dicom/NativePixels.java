package org.dermmgmt.data.dicom;

import org.dermmgmt.UserInputException;
import org.dermmgmt.data.image.RgbImage;

/**
 * Uncompressed DICOM pixel data to 8-bit RGB (PS3.3 C.7.6.3): MONOCHROME1/2 at 8 or 16 bits
 * allocated (unsigned; scaled from BitsStored to 8 bits, MONOCHROME1 inverted), and RGB, YBR_FULL
 * and YBR_FULL_422 at 8 bits, colour-by-pixel or colour-by-plane (PlanarConfiguration 0/1).
 * Modality/VOI LUTs and window settings are not applied: photographs do not use them.
 */
final class NativePixels {
  private NativePixels() {}

  static RgbImage toRgb(DicomDataset ds, String photometric, int rows, int cols, String name) {
    int spp = ds.us(DicomDataset.SAMPLES_PER_PIXEL, 1);
    int bits = ds.us(DicomDataset.BITS_ALLOCATED, 8);
    int stored = ds.us(DicomDataset.BITS_STORED, bits);
    int high = ds.us(DicomDataset.HIGH_BIT, stored - 1);
    int planar = ds.us(DicomDataset.PLANAR_CONFIGURATION, 0);
    byte[] px = ds.nativePixels();
    int n = rows * cols;
    if (ds.us(DicomDataset.PIXEL_REPRESENTATION, 0) != 0) {
      throw unsupported(name, "signed pixel values (PixelRepresentation 1)");
    }
    if (stored < 1 || stored > bits || high < stored - 1 || high >= bits) {
      throw new UserInputException("DICOM file " + name + " is damaged: BitsStored " + stored + ", HighBit "
          + high + " do not fit BitsAllocated " + bits);
    }
    return switch (photometric) {
      case "MONOCHROME1", "MONOCHROME2" -> {
        if (spp != 1 || (bits != 8 && bits != 16)) {
          throw unsupported(name, photometric + " with " + spp + " samples of " + bits + " bits");
        }
        require(px, (long) n * (bits / 8), name);
        yield grey(px, n, rows, cols, bits, stored, high, photometric.equals("MONOCHROME1"));
      }
      case "RGB", "YBR_FULL" -> {
        require8BitColour(spp, bits, photometric, name);
        require(px, 3L * n, name);
        byte[] rgb = interleave(px, n, planar, name);
        yield new RgbImage(cols, rows, photometric.equals("RGB") ? rgb : ybrToRgb(rgb));
      }
      case "YBR_FULL_422" -> {
        require8BitColour(spp, bits, photometric, name);
        if (planar != 0 || cols % 2 != 0) {
          throw unsupported(name, "YBR_FULL_422 with PlanarConfiguration " + planar + " or an odd width " + cols);
        }
        require(px, 2L * n, name);
        yield new RgbImage(cols, rows, ybrToRgb(upsample422(px, n)));
      }
      default -> throw unsupported(name, "PhotometricInterpretation " + photometric
          + " (readable: MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422)");
    };
  }

  private static RgbImage grey(
      byte[] px, int n, int rows, int cols, int bits, int stored, int high, boolean invert) {
    int max = (1 << stored) - 1;
    int shift = high - stored + 1;
    byte[] rgb = new byte[3 * n];
    for (int i = 0; i < n; i++) {
      int raw = bits == 8 ? px[i] & 0xff : (px[2 * i] & 0xff) | (px[2 * i + 1] & 0xff) << 8;
      int v = (raw >> shift) & max;
      if (invert) {
        v = max - v;
      }
      byte g = (byte) ((v * 255L + max / 2) / max);
      rgb[3 * i] = g;
      rgb[3 * i + 1] = g;
      rgb[3 * i + 2] = g;
    }
    return new RgbImage(cols, rows, rgb);
  }

  /** Colour-by-plane (RRR…GGG…BBB) to colour-by-pixel; a copy either way. */
  private static byte[] interleave(byte[] px, int n, int planar, String name) {
    byte[] out = new byte[3 * n];
    if (planar == 0) {
      System.arraycopy(px, 0, out, 0, out.length);
    } else if (planar == 1) {
      for (int i = 0; i < n; i++) {
        out[3 * i] = px[i];
        out[3 * i + 1] = px[n + i];
        out[3 * i + 2] = px[2 * n + i];
      }
    } else {
      throw new UserInputException("DICOM file " + name + " is damaged: PlanarConfiguration " + planar);
    }
    return out;
  }

  /** Y1 Y2 Cb Cr per pixel pair to Y Cb Cr per pixel. */
  private static byte[] upsample422(byte[] px, int n) {
    byte[] out = new byte[3 * n];
    for (int p = 0; p < n / 2; p++) {
      byte cb = px[4 * p + 2];
      byte cr = px[4 * p + 3];
      for (int k = 0; k < 2; k++) {
        int i = 2 * p + k;
        out[3 * i] = px[4 * p + k];
        out[3 * i + 1] = cb;
        out[3 * i + 2] = cr;
      }
    }
    return out;
  }

  /** Full-range YCbCr to RGB with the coefficients of PS3.3 C.7.6.3.1.2 (ITU-R BT.601). */
  static byte[] ybrToRgb(byte[] ybr) {
    byte[] out = new byte[ybr.length];
    for (int i = 0; i < ybr.length; i += 3) {
      double y = ybr[i] & 0xff;
      double cb = (ybr[i + 1] & 0xff) - 128.0;
      double cr = (ybr[i + 2] & 0xff) - 128.0;
      out[i] = clamp(y + 1.402 * cr);
      out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
      out[i + 2] = clamp(y + 1.772 * cb);
    }
    return out;
  }

  private static byte clamp(double v) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
  }

  private static void require8BitColour(int spp, int bits, String photometric, String name) {
    if (spp != 3 || bits != 8) {
      throw unsupported(name, photometric + " with " + spp + " samples of " + bits + " bits (expected 3 of 8)");
    }
  }

  private static void require(byte[] px, long bytes, String name) {
    if (px.length < bytes) {
      throw new UserInputException("DICOM file " + name + " is truncated (Pixel Data holds " + px.length
          + " bytes, the image needs " + bytes + ")");
    }
  }

  private static UserInputException unsupported(String name, String what) {
    return new UserInputException("DICOM file " + name + " has " + what + ", which dermmgmt does not read");
  }
}
