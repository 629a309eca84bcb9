package org.dermmgmt.data.synthetic;

/** Ways to damage a synthetic release, one problem each, so tests can check the checker. */
public enum Broken {
  /** One dermoscopic image file of a training case is deleted. */
  MISSING_IMAGE,
  /** One training row has pigment_network "sometimes". */
  UNKNOWN_LABEL,
  /** The first training index is written twice. */
  DUPLICATE_INDEX,
  /** valid_indexes.csv gains a row number past the end of meta.csv. */
  INDEX_OUT_OF_RANGE,
  /** test_indexes.csv also lists the first training row. */
  OVERLAPPING_INDEX,
  /** One clinical image of a training case is cut to half its bytes. */
  TRUNCATED_IMAGE,
  /** meta.csv loses its management column. */
  MISSING_COLUMN
}
