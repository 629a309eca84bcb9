package org.dermmgmt.infer;

import org.dermmgmt.data.MetadataEncoder;

/** Validation and encoding of a case's non-image inputs. */
final class CaseInputs {
  private CaseInputs() {}

  /** The metadata one-hot; a missing or unknown value names its field. */
  static float[] metadata(CaseInput c) {
    return MetadataEncoder.encode(c.sex(), c.location(), c.elevation());
  }
}
