package org.dermmgmt.infer;

/**
 * How a model is applied to a case, recorded in the run: the plain view averaged with
 * {@code views} seeded augmented views, for every member of an ensemble.
 *
 * @param views augmented views averaged with the plain one (0: the plain view only)
 * @param seed the seed every view's augmentation derives from
 * @param keying what else a view's seed depends on
 * @param batchSize cases per forward pass (changes speed, not results)
 */
public record InferenceSpec(int views, long seed, ViewKeying keying, int batchSize) {
  /** Seed of the test-time views since the first runs: fixed, so evaluations are repeatable. */
  public static final long VIEW_SEED = 0x7E57L;
  public static final int DEFAULT_BATCH = 16;

  public InferenceSpec {
    if (views < 0) {
      throw new IllegalArgumentException("views expected >= 0, got " + views);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size expected >= 1, got " + batchSize);
    }
    if (keying == null) {
      throw new IllegalArgumentException("view keying expected, got null");
    }
  }

  /** The spec of new runs, with {@code views} test-time views keyed by the images' pixels. */
  public static InferenceSpec of(int views) {
    return new InferenceSpec(views, VIEW_SEED, ViewKeying.IMAGE_PIXELS, DEFAULT_BATCH);
  }

  public InferenceSpec withViews(int v) {
    return new InferenceSpec(v, seed, keying, batchSize);
  }
}
