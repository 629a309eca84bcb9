package org.dermmgmt.serve;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Images for the service tests, made in memory: lesions, and files that must be refused. */
final class TestImages {
  private TestImages() {}

  /** Skin-coloured background with a dark round lesion of radius {@code r} centred at (cx, cy). */
  static BufferedImage lesion(int w, int h, int cx, int cy, int r, Color colour) {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = im.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(225, 185, 165));
    g.fillRect(0, 0, w, h);
    g.setColor(colour);
    g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
    g.dispose();
    return im;
  }

  /** A distinct lesion per index: colour and size vary, so every client of a test sends its own. */
  static BufferedImage numbered(int i) {
    Color c = new Color(60 + (i * 37) % 150, 30 + (i * 53) % 110, 40 + (i * 29) % 90);
    return lesion(120, 100, 50 + (i * 7) % 20, 45 + (i * 5) % 15, 18 + i % 20, c);
  }

  static byte[] jpeg(BufferedImage im) {
    return encode(im, "jpg");
  }

  static byte[] png(BufferedImage im) {
    return encode(im, "png");
  }

  private static byte[] encode(BufferedImage im, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      if (!ImageIO.write(im, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first 60% of a JPEG: decodable in part, but without its end marker. */
  static byte[] truncatedJpeg() {
    byte[] full = jpeg(numbered(3));
    return Arrays.copyOf(full, full.length * 6 / 10);
  }

  /**
   * A valid 1-bit greyscale PNG of {@code side} x {@code side} pixels: about 110 KB for 30000, but
   * decoding it and converting it to RGB would take gigabytes.
   */
  static byte[] bombPng(int side) {
    int row = 1 + (side + 7) / 8;
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] zeros = new byte[row];
    byte[] buffer = new byte[1 << 16];
    for (int y = 0; y < side; y++) {
      deflater.setInput(zeros);
      while (!deflater.needsInput()) {
        idat.write(buffer, 0, deflater.deflate(buffer));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      idat.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 1).put((byte) 0)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(png, "IHDR", ihdr.array());
    chunk(png, "IDAT", idat.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  /**
   * A few KB claiming {@code side} x {@code side} pixels whose image data is garbage: a decoder
   * that got as far as the data would fail with a decoding error, not a size refusal.
   */
  static byte[] bombPngHeaderOnly(int side) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(png, "IHDR", ihdr.array());
    byte[] garbage = new byte[3000];
    new java.util.Random(1).nextBytes(garbage);
    chunk(png, "IDAT", garbage);
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  /** A small JPEG whose frame header is patched to claim {@code side} x {@code side} pixels. */
  static byte[] bombJpeg(int side) {
    byte[] b = jpeg(numbered(1));
    for (int i = 2; i + 8 < b.length; i++) {
      if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0) {
        b[i + 5] = (byte) (side >> 8);
        b[i + 6] = (byte) side;
        b[i + 7] = (byte) (side >> 8);
        b[i + 8] = (byte) side;
        return b;
      }
    }
    throw new IllegalStateException("no baseline frame header found");
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
