package org.dermmgmt.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;

/**
 * An 8-bit RGB image, interleaved row-major HWC bytes (unsigned). Compact (3 bytes per pixel) so
 * decoded images can be cached in memory; transforms return new images and never modify one.
 */
public record RgbImage(int width, int height, byte[] rgb) {
  public RgbImage {
    if (width <= 0 || height <= 0 || rgb.length != 3 * width * height) {
      throw new IllegalArgumentException(
          "expected " + width + "x" + height + "x3 = " + 3L * width * height + " bytes, got "
              + rgb.length);
    }
  }

  public static RgbImage of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] bgr = plainBgrBytes(image);
    if (bgr != null) {
      // What JPEG decoding gives: sRGB bytes in B, G, R order, read directly (getRGB converts
      // pixel by pixel through the colour model, a third of the time of preparing a photo).
      byte[] rgb = new byte[3 * w * h];
      for (int i = 0; i < rgb.length; i += 3) {
        rgb[i] = bgr[i + 2];
        rgb[i + 1] = bgr[i + 1];
        rgb[i + 2] = bgr[i];
      }
      return new RgbImage(w, h, rgb);
    }
    // getRGB converts any colour model (grey, CMYK, indexed) to sRGB.
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[3 * w * h];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    return new RgbImage(w, h, rgb);
  }

  /**
   * The pixel bytes of a TYPE_3BYTE_BGR image stored plainly (its own buffer, no offset, rows
   * back to back), else null.
   */
  private static byte[] plainBgrBytes(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      return null;
    }
    WritableRaster raster = image.getRaster();
    if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
        || buffer.getNumBanks() != 1 || buffer.getOffset() != 0
        || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
        || model.getPixelStride() != 3 || model.getScanlineStride() != 3 * image.getWidth()
        || !java.util.Arrays.equals(model.getBandOffsets(), new int[] {2, 1, 0})
        || buffer.getData().length != 3 * image.getWidth() * image.getHeight()) {
      return null;
    }
    return buffer.getData();
  }

  /** Channel {@code c} (0=R, 1=G, 2=B) of pixel (x, y), 0..255. */
  public int get(int x, int y, int c) {
    return rgb[3 * (y * width + x) + c] & 0xff;
  }

  public BufferedImage toBufferedImage() {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] packed = new int[width * height];
    for (int p = 0, i = 0; p < packed.length; p++, i += 3) {
      packed[p] = (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff);
    }
    out.setRGB(0, 0, width, height, packed, 0, width);
    return out;
  }

  /** The sub-image at (x, y) of size w×h; must lie inside this image. */
  public RgbImage crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop " + w + "x" + h + "+" + x + "+" + y + " outside " + width + "x" + height);
    }
    byte[] out = new byte[3 * w * h];
    for (int r = 0; r < h; r++) {
      System.arraycopy(rgb, 3 * ((y + r) * width + x), out, 3 * r * w, 3 * w);
    }
    return new RgbImage(w, h, out);
  }
}
