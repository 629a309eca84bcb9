package org.dermmgmt.data.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.image.ImageDecoder;
import org.dermmgmt.data.image.ImageFormat;
import org.dermmgmt.data.image.RgbImage;

/**
 * Reads the photographs a PACS holds: VL Photographic Image, Dermoscopic Photography Image and
 * Secondary Capture storage (single frame), as DICOM Part 10 files.
 *
 * <p>A small reader of its own because the kept libraries do not cover these files: dcm4che is
 * not on Maven Central, and ImageJ 1.54p ({@code ij.plugin.DICOM}, checked) opens neither
 * encapsulated JPEG nor YBR_FULL (it shows the luma plane as grey), and returns monochrome
 * images window-levelled rather than as stored.
 *
 * <p>Reads: transfer syntaxes Implicit VR Little Endian, Explicit VR Little Endian (uncompressed:
 * MONOCHROME1/2 8 or 16 bit, RGB and YBR_FULL 8 bit with PlanarConfiguration 0 or 1, YBR_FULL_422),
 * and JPEG Baseline / Extended 8-bit (encapsulated; the fragments of the one frame are joined and
 * decoded by {@link ImageDecoder#decodeJpeg} with its truncation checks; the stream's own markers
 * decide its colour transform, as in libjpeg, and its EXIF orientation is ignored because DICOM
 * rows are as stored). Limits: no big endian, deflate, RLE, JPEG lossless, JPEG-LS or JPEG 2000
 * (each refused naming the transfer syntax UID and name); single-frame only; no palette colour,
 * signed or 16-bit colour samples; LUTs, windows and ICC profiles in the data set are not applied.
 * Dimensions are checked from the header ({@link ImageDecoder#checkDimensions}) before any pixel
 * is decoded.
 */
public final class DicomReader {
  private DicomReader() {}

  /** Whether {@code bytes} start like a DICOM Part 10 file ("DICM" after the 128-byte preamble). */
  public static boolean isDicom(byte[] bytes) {
    return ImageFormat.sniff(bytes) == ImageFormat.DICOM;
  }

  /**
   * PatientSex of {@code file} in the metadata vocabulary ("female", "male") when it is a DICOM
   * file that records one; empty for any other image or an absent/other value.
   */
  public static java.util.Optional<String> patientSex(Path file) {
    byte[] bytes = ImageDecoder.read(file);
    return isDicom(bytes) ? read(bytes, file.toString()).sex() : java.util.Optional.empty();
  }

  public static DicomImage read(Path file) {
    return read(ImageDecoder.read(file), file.toString());
  }

  /** Reads DICOM bytes in memory; every refusal is one line naming {@code name}. */
  public static DicomImage read(byte[] bytes, String name) {
    if (!isDicom(bytes)) {
      throw new UserInputException("image " + name + " is not a DICOM file (no 'DICM' after the 128-byte preamble)");
    }
    DicomDataset ds = DicomParser.parse(bytes, name);
    String sop = ds.sopClass();
    if (!Uids.READABLE_SOP_CLASSES.contains(sop)) {
      throw new UserInputException("DICOM file " + name + " is "
          + (sop.isEmpty() ? "of no SOP class" : "a " + Uids.describe(sop))
          + ", not a photograph: expected VL Photographic Image, Dermoscopic Photography Image or Secondary"
          + " Capture storage");
    }
    String frames = ds.text(DicomDataset.NUMBER_OF_FRAMES);
    if (!frames.isEmpty() && !frames.equals("1")) {
      throw new UserInputException("DICOM file " + name + " holds " + frames
          + " frames; dermmgmt reads single-frame photographs only");
    }
    int rows = ds.us(DicomDataset.ROWS, 0);
    int cols = ds.us(DicomDataset.COLUMNS, 0);
    ImageDecoder.checkDimensions(name, cols, rows, bytes.length);
    String photometric = ds.text(DicomDataset.PHOTOMETRIC);
    RgbImage image;
    if (ds.fragments() != null) {
      image = encapsulated(ds, rows, cols, name);
    } else {
      if (!ds.transferSyntax().equals(Uids.IMPLICIT_VR_LITTLE_ENDIAN)
          && !ds.transferSyntax().equals(Uids.EXPLICIT_VR_LITTLE_ENDIAN)) {
        throw new UserInputException("DICOM file " + name + " is damaged: transfer syntax "
            + Uids.describe(ds.transferSyntax()) + " but its Pixel Data is not encapsulated");
      }
      image = NativePixels.toRgb(ds, photometric, rows, cols, name);
    }
    return new DicomImage(image, sop, ds.transferSyntax(), photometric, ds.text(DicomDataset.PATIENT_SEX));
  }

  private static RgbImage encapsulated(DicomDataset ds, int rows, int cols, String name) {
    if (!ds.transferSyntax().equals(Uids.JPEG_BASELINE) && !ds.transferSyntax().equals(Uids.JPEG_EXTENDED)) {
      throw new UserInputException("DICOM file " + name + " is damaged: encapsulated Pixel Data under "
          + Uids.describe(ds.transferSyntax()));
    }
    if (ds.us(DicomDataset.BITS_ALLOCATED, 8) != 8) {
      throw new UserInputException("DICOM file " + name + " has " + ds.us(DicomDataset.BITS_ALLOCATED, 8)
          + "-bit JPEG samples, which dermmgmt does not read (8-bit only)");
    }
    if (ds.fragments().isEmpty()) {
      throw new UserInputException("DICOM file " + name + " is damaged: its encapsulated Pixel Data has no fragment");
    }
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ds.fragments().forEach(jpeg::writeBytes);
    byte[] stream = trimPadding(jpeg.toByteArray());
    RgbImage im = ImageDecoder.decodeJpeg(stream, name + " (its JPEG pixel data)", false);
    if (im.width() != cols || im.height() != rows) {
      throw new UserInputException("DICOM file " + name + " is damaged: Rows/Columns say " + cols + "x" + rows
          + " but its JPEG is " + im.width() + "x" + im.height());
    }
    return im;
  }

  /** Fragments have even length: a writer may pad the JPEG stream after its EOI with one zero byte. */
  private static byte[] trimPadding(byte[] s) {
    int n = s.length;
    while (n > 2 && s[n - 1] == 0 && !((s[n - 2] & 0xff) == 0xFF)) {
      n--;
    }
    return n == s.length ? s : java.util.Arrays.copyOf(s, n);
  }
}
