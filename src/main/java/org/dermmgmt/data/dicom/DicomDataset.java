package org.dermmgmt.data.dicom;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The top-level elements of a DICOM file that the image needs, as parsed by {@link DicomParser}.
 *
 * @param transferSyntax the file meta information's Transfer Syntax UID
 * @param mediaSopClass the file meta information's Media Storage SOP Class UID ("" when absent)
 * @param values top-level element values by tag ({@code group << 16 | element}), raw bytes
 * @param nativePixels the bytes of an uncompressed Pixel Data element, or null
 * @param fragments the fragments of encapsulated Pixel Data after the offset table, or null
 */
record DicomDataset(
    String transferSyntax,
    String mediaSopClass,
    Map<Integer, byte[]> values,
    byte[] nativePixels,
    List<byte[]> fragments) {

  static final int SOP_CLASS_UID = 0x00080016;
  static final int PATIENT_SEX = 0x00100040;
  static final int SAMPLES_PER_PIXEL = 0x00280002;
  static final int PHOTOMETRIC = 0x00280004;
  static final int PLANAR_CONFIGURATION = 0x00280006;
  static final int NUMBER_OF_FRAMES = 0x00280008;
  static final int ROWS = 0x00280010;
  static final int COLUMNS = 0x00280011;
  static final int BITS_ALLOCATED = 0x00280100;
  static final int BITS_STORED = 0x00280101;
  static final int HIGH_BIT = 0x00280102;
  static final int PIXEL_REPRESENTATION = 0x00280103;
  static final int PIXEL_DATA = 0x7FE00010;

  /** The elements kept; everything else is skipped. */
  static final List<Integer> WANTED =
      List.of(SOP_CLASS_UID, PATIENT_SEX, SAMPLES_PER_PIXEL, PHOTOMETRIC, PLANAR_CONFIGURATION,
          NUMBER_OF_FRAMES, ROWS, COLUMNS, BITS_ALLOCATED, BITS_STORED, HIGH_BIT, PIXEL_REPRESENTATION);

  boolean has(int tag) {
    return values.containsKey(tag);
  }

  /** A text value (UI, CS, IS), trimmed of the space/NUL padding; "" when absent. */
  String text(int tag) {
    byte[] v = values.get(tag);
    if (v == null) {
      return "";
    }
    String s = new String(v, StandardCharsets.ISO_8859_1);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
      end--;
    }
    return s.substring(0, end).trim();
  }

  /** An unsigned short (US) value, little endian; {@code absent} when the element is missing. */
  int us(int tag, int absent) {
    byte[] v = values.get(tag);
    if (v == null || v.length < 2) {
      return absent;
    }
    return (v[0] & 0xff) | (v[1] & 0xff) << 8;
  }

  /** The SOP Class UID of the data set, else of the file meta information. */
  String sopClass() {
    String s = text(SOP_CLASS_UID);
    return s.isEmpty() ? mediaSopClass : s;
  }
}
