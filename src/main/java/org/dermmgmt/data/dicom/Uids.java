package org.dermmgmt.data.dicom;

import java.util.List;
import java.util.Map;

/** The DICOM UIDs this reader knows by name: transfer syntaxes and the SOP classes it accepts. */
public final class Uids {
  public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
  public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
  public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
  public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";

  public static final String VL_PHOTOGRAPHIC_IMAGE = "1.2.840.10008.5.1.4.1.1.77.1.4";
  public static final String DERMOSCOPIC_PHOTOGRAPHY_IMAGE = "1.2.840.10008.5.1.4.1.1.77.1.7";
  public static final String SECONDARY_CAPTURE_IMAGE = "1.2.840.10008.5.1.4.1.1.7";

  /** Transfer syntaxes whose pixel data this reader decodes. */
  public static final List<String> READABLE_SYNTAXES =
      List.of(IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, JPEG_BASELINE, JPEG_EXTENDED);

  /** Photographs: VL Photographic, Dermoscopic Photography and the Secondary Capture family. */
  public static final List<String> READABLE_SOP_CLASSES =
      List.of(
          VL_PHOTOGRAPHIC_IMAGE,
          DERMOSCOPIC_PHOTOGRAPHY_IMAGE,
          SECONDARY_CAPTURE_IMAGE,
          "1.2.840.10008.5.1.4.1.1.7.2",
          "1.2.840.10008.5.1.4.1.1.7.3",
          "1.2.840.10008.5.1.4.1.1.7.4");

  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry(IMPLICIT_VR_LITTLE_ENDIAN, "Implicit VR Little Endian"),
          Map.entry(EXPLICIT_VR_LITTLE_ENDIAN, "Explicit VR Little Endian"),
          Map.entry("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"),
          Map.entry("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian"),
          Map.entry("1.2.840.10008.1.2.2", "Explicit VR Big Endian"),
          Map.entry(JPEG_BASELINE, "JPEG Baseline (Process 1)"),
          Map.entry(JPEG_EXTENDED, "JPEG Extended (Process 2 and 4)"),
          Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
          Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 SV1)"),
          Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
          Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)"),
          Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
          Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
          Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"),
          Map.entry("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL (Lossless Only)"),
          Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
          Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
          Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
          Map.entry("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
          Map.entry("1.2.840.10008.1.2.4.110", "JPEG XL Lossless"),
          Map.entry("1.2.840.10008.1.2.4.112", "JPEG XL"),
          Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"),
          Map.entry(VL_PHOTOGRAPHIC_IMAGE, "VL Photographic Image Storage"),
          Map.entry(DERMOSCOPIC_PHOTOGRAPHY_IMAGE, "Dermoscopic Photography Image Storage"),
          Map.entry(SECONDARY_CAPTURE_IMAGE, "Secondary Capture Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.7.2", "Multi-frame Grayscale Byte Secondary Capture Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.7.3", "Multi-frame Grayscale Word Secondary Capture Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.7.4", "Multi-frame True Color Secondary Capture Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.1", "Computed Radiography Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.1.1", "Digital X-Ray Image Storage - For Presentation"),
          Map.entry("1.2.840.10008.5.1.4.1.1.2", "CT Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.4", "MR Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.6.1", "Ultrasound Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.77.1.1", "VL Endoscopic Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.77.1.2", "VL Microscopic Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.77.1.6", "VL Whole Slide Microscopy Image Storage"),
          Map.entry("1.2.840.10008.5.1.4.1.1.104.1", "Encapsulated PDF Storage"));

  private Uids() {}

  /** "UID (name)", or "UID (unknown UID)". */
  public static String describe(String uid) {
    return uid + " (" + NAMES.getOrDefault(uid, "unknown UID") + ")";
  }

  public static String name(String uid) {
    return NAMES.getOrDefault(uid, "unknown UID");
  }
}
