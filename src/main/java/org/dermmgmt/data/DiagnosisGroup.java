package org.dermmgmt.data;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The five diagnosis groups of Derm7pt's {@code Derm7PtDatasetGroupInfrequent} loader (paper.md
 * §2.4), in its numeric order BCC=0, NEV=1, MEL=2, MISC=3, SK=4. The paper's Table 2 is consistent
 * only with this grouping, so the diagnosis head predicts these five classes.
 */
public enum DiagnosisGroup {
  BCC,
  NEV,
  MEL,
  MISC,
  SK;

  public static final List<DiagnosisGroup> ALL = List.of(values());

  /** The 20 raw {@code diagnosis} strings of meta.csv and their groups. */
  public static final Map<String, DiagnosisGroup> RAW =
      Map.ofEntries(
          Map.entry("basal cell carcinoma", BCC),
          Map.entry("blue nevus", NEV),
          Map.entry("clark nevus", NEV),
          Map.entry("combined nevus", NEV),
          Map.entry("congenital nevus", NEV),
          Map.entry("dermal nevus", NEV),
          Map.entry("recurrent nevus", NEV),
          Map.entry("reed or spitz nevus", NEV),
          Map.entry("melanoma", MEL),
          Map.entry("melanoma (in situ)", MEL),
          Map.entry("melanoma (less than 0.76 mm)", MEL),
          Map.entry("melanoma (0.76 to 1.5 mm)", MEL),
          Map.entry("melanoma (more than 1.5 mm)", MEL),
          Map.entry("melanoma metastasis", MEL),
          Map.entry("dermatofibroma", MISC),
          Map.entry("lentigo", MISC),
          Map.entry("melanosis", MISC),
          Map.entry("miscellaneous", MISC),
          Map.entry("vascular lesion", MISC),
          Map.entry("seborrheic keratosis", SK));

  public static Optional<DiagnosisGroup> fromRaw(String diagnosis) {
    return Optional.ofNullable(diagnosis == null ? null : RAW.get(diagnosis.trim().toLowerCase()));
  }

  /** Accepts the group (BCC, NEV, MEL, MISC, SK) or a raw meta.csv diagnosis. */
  public static Optional<DiagnosisGroup> parse(String value) {
    String v = value == null ? "" : value.trim();
    for (DiagnosisGroup g : values()) {
      if (g.name().equalsIgnoreCase(v)) {
        return Optional.of(g);
      }
    }
    return fromRaw(v);
  }

  /** Malignant groups: a lesion of these groups that is not excised is a missed malignancy. */
  public boolean isMalignant() {
    return this == MEL || this == BCC;
  }
}
