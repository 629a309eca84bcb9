package org.dermmgmt.data.dicom;

import java.util.Optional;
import org.dermmgmt.data.image.RgbImage;

/**
 * A photograph read from a DICOM file, with what callers need besides the pixels.
 *
 * @param image the pixels as 8-bit RGB, rows as stored
 * @param sopClassUid e.g. {@link Uids#DERMOSCOPIC_PHOTOGRAPHY_IMAGE}
 * @param transferSyntaxUid e.g. {@link Uids#JPEG_BASELINE}
 * @param photometric PhotometricInterpretation as written, e.g. "RGB", "YBR_FULL_422"
 * @param patientSex PatientSex (0010,0040) as written: "F", "M", "O" or "" when absent/empty
 */
public record DicomImage(
    RgbImage image, String sopClassUid, String transferSyntaxUid, String photometric, String patientSex) {

  /** PatientSex in the metadata vocabulary: "female" for F, "male" for M, empty otherwise. */
  public Optional<String> sex() {
    return switch (patientSex.trim().toUpperCase(java.util.Locale.ROOT)) {
      case "F" -> Optional.of("female");
      case "M" -> Optional.of("male");
      default -> Optional.empty();
    };
  }
}
