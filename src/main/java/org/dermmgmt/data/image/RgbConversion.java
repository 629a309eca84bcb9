package org.dermmgmt.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * Any decoded {@link BufferedImage} to 8-bit RGB, with two corrections over
 * {@link BufferedImage#getRGB}:
 *
 * <ul>
 *   <li>grey images keep their stored values (Java treats grey as linear light and brightens it
 *       through a gamma curve: a stored 128 would come back as 188), and 16-bit samples are
 *       rounded to 8 bits;
 *   <li>transparent pixels are composited on <b>black</b>, the colour of a dermatoscope's vignette
 *       outside its field of view, which is what a transparent mask exported by imaging software
 *       usually stands for: {@code c' = round(c * a / max)}.
 * </ul>
 *
 * Opaque 8-bit RGB images (every Derm7pt JPEG) go through {@link RgbImage#of} unchanged, so their
 * pixels are exactly what they were before these formats were added.
 */
public final class RgbConversion {
  private RgbConversion() {}

  public static RgbImage toRgb(BufferedImage im) {
    int type = im.getType();
    if (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_INT_RGB
        || type == BufferedImage.TYPE_INT_BGR) {
      return RgbImage.of(im);
    }
    ColorModel cm = im.getColorModel();
    ColorSpace cs = cm.getColorSpace();
    Raster r = im.getRaster();
    int transfer = r.getTransferType();
    boolean direct = cm instanceof ComponentColorModel
        && (cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY)
        && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT);
    return direct ? fromSamples(im, cs.getType() == ColorSpace.TYPE_GRAY) : fromArgb(im);
  }

  /** Reads samples straight from the raster: grey or sRGB, 8 or 16 bits, optional alpha. */
  private static RgbImage fromSamples(BufferedImage im, boolean grey) {
    ColorModel cm = im.getColorModel();
    Raster r = im.getRaster();
    int w = im.getWidth();
    int h = im.getHeight();
    int colours = grey ? 1 : 3;
    boolean alpha = cm.hasAlpha();
    boolean premultiplied = cm.isAlphaPremultiplied();
    int max = r.getTransferType() == DataBuffer.TYPE_USHORT ? 65535 : 255;
    int bands = r.getNumBands();
    int[] row = new int[w * bands];
    byte[] rgb = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      r.getPixels(0, y, w, 1, row);
      for (int x = 0; x < w; x++) {
        int base = x * bands;
        long a = alpha ? row[base + colours] : max;
        for (int c = 0; c < 3; c++) {
          long v = row[base + (grey ? 0 : c)];
          if (alpha && !premultiplied) {
            v = (v * a + max / 2) / max; // composite on black
          }
          rgb[3 * (y * w + x) + c] = (byte) ((v * 255 + max / 2) / max);
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  /** Any other colour model (palette, CMYK converted by the reader, ...) through getRGB. */
  private static RgbImage fromArgb(BufferedImage im) {
    if (!im.getColorModel().hasAlpha()) {
      return RgbImage.of(im);
    }
    int w = im.getWidth();
    int h = im.getHeight();
    int[] argb = im.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[3 * w * h];
    for (int i = 0; i < argb.length; i++) {
      int a = argb[i] >>> 24;
      for (int c = 0; c < 3; c++) {
        int v = argb[i] >> (16 - 8 * c) & 0xff;
        rgb[3 * i + c] = (byte) ((v * a + 127) / 255);
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
