package org.dermmgmt.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Image files built in memory for the decoder tests: every variant from one known picture. */
public final class TestImages {
  private TestImages() {}

  /**
   * A smooth picture JPEG keeps well: red rises left to right, green top to bottom, and a dark
   * blue block fills the top-left quarter so that every turn and mirror is visible.
   */
  public static RgbImage pattern(int w, int h) {
    byte[] rgb = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = 3 * (y * w + x);
        boolean block = x < w / 2 && y < h / 2;
        rgb[i] = (byte) (block ? 20 : 40 + 200 * x / Math.max(1, w - 1));
        rgb[i + 1] = (byte) (block ? 30 : 40 + 200 * y / Math.max(1, h - 1));
        rgb[i + 2] = (byte) (block ? 160 : 90);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  public static byte[] jpeg(RgbImage im, boolean progressive) {
    return write(im.toBufferedImage(), "jpeg", progressive);
  }

  public static byte[] png(BufferedImage im) {
    return write(im, "png", false);
  }

  private static byte[] write(BufferedImage im, String format, boolean progressive) {
    try {
      ImageWriter w = ImageIO.getImageWritersByFormatName(format).next();
      ImageWriteParam p = w.getDefaultWriteParam();
      if (format.equals("jpeg")) {
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.95f);
        if (progressive) {
          p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
      }
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bo)) {
        w.setOutput(out);
        w.write(null, new IIOImage(im, null, null), p);
      }
      w.dispose();
      return bo.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A CMYK JPEG as Photoshop writes it: four components stored inverted, announced by an Adobe
   * APP14 segment with transform 0. {@code cmyk} gives the ink (0..255) per pixel.
   */
  public static byte[] cmykJpeg(int w, int h, java.util.function.BiFunction<Integer, Integer, int[]> cmyk) {
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] ink = cmyk.apply(x, y);
        for (int c = 0; c < 4; c++) {
          r.setSample(x, y, c, 255 - ink[c]);
        }
      }
    }
    try {
      ImageWriter wr = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bo)) {
        wr.setOutput(out);
        wr.write(null, new IIOImage(r, null, null), null);
      }
      byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
      return insertAfterSoi(bo.toByteArray(), app14);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An APP1 "Exif" segment holding only IFD0 with the Orientation tag, after SOI. */
  public static byte[] withOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
    ByteBuffer tiff = ByteBuffer.allocate(26)
        .order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
    tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
    tiff.putShort((short) 42).putInt(8); // IFD0 right after the header
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    int len = 2 + exif.length + tiff.capacity();
    ByteArrayOutputStream seg = new ByteArrayOutputStream();
    seg.write(0xFF);
    seg.write(0xE1);
    seg.write(len >> 8);
    seg.write(len & 0xff);
    seg.writeBytes(exif);
    seg.writeBytes(tiff.array());
    return insertAfterSoi(jpeg, seg.toByteArray());
  }

  /** The same JPEG with its frame header claiming other dimensions (a decompression bomb). */
  public static byte[] withJpegSize(byte[] jpeg, int w, int h) {
    byte[] out = jpeg.clone();
    for (int i = 2; i + 9 < out.length; ) {
      int marker = out[i + 1] & 0xff;
      int len = (out[i + 2] & 0xff) << 8 | (out[i + 3] & 0xff);
      if (marker == 0xC0 || marker == 0xC2) {
        out[i + 5] = (byte) (h >> 8);
        out[i + 6] = (byte) h;
        out[i + 7] = (byte) (w >> 8);
        out[i + 8] = (byte) w;
        return out;
      }
      i += 2 + len;
    }
    throw new IllegalArgumentException("no SOF0/SOF2 frame header");
  }

  /**
   * A valid-looking PNG of {@code w}x{@code h} 8-bit RGB whose IDAT holds only the first rows
   * (deflate of zeros compresses ~1000:1): a few KB that would decode to gigabytes.
   */
  public static byte[] pngBomb(int w, int h) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(png, "IHDR", ihdr.array());
    Deflater d = new Deflater(9);
    d.setInput(new byte[Math.min(4_000_000, (3 * w + 1) * 64)]);
    d.finish();
    byte[] buf = new byte[1 << 20];
    int n = d.deflate(buf);
    chunk(png, "IDAT", java.util.Arrays.copyOf(buf, n));
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    byte[] out = new byte[jpeg.length + segment.length];
    out[0] = jpeg[0];
    out[1] = jpeg[1];
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  /** Largest absolute difference of any channel of any pixel; the sizes must match. */
  public static int maxDiff(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new AssertionError("sizes differ: " + a.width() + "x" + a.height() + " vs " + b.width() + "x" + b.height());
    }
    int max = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      max = Math.max(max, Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff)));
    }
    return max;
  }

  /** Mean absolute difference over all channels. */
  public static double meanDiff(RgbImage a, RgbImage b) {
    maxDiff(a, b);
    long sum = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
    }
    return (double) sum / a.rgb().length;
  }
}
