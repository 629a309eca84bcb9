package org.dermmgmt.infer;

import org.dermmgmt.data.MetadataVocabulary;

/** Validation and encoding of a case's non-image inputs. */
final class CaseInputs {
  private CaseInputs() {}

  /** The metadata one-hot; a missing or unknown value names its field. */
  static float[] metadata(MetadataVocabulary vocabulary, CaseInput c) {
    return vocabulary.encode(c.sex(), c.location(), c.elevation());
  }
}
