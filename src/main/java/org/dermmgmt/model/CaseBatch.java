package org.dermmgmt.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.Function;

/**
 * A batch of cases as plain float arrays, built off the training thread, and turned into NDArrays
 * only inside the batch's own NDManager (closing that manager frees everything the step made).
 * It holds inputs only: labels, where there are any, belong to whoever made the batch.
 */
public record CaseBatch(int size, float[] clinic, float[] derm, float[] meta, int imageSize) {

  /** The model inputs in the order {@link org.dermmgmt.model.FusionNet} expects. */
  public NDList inputs(NDManager manager, Inputs inputs) {
    NDList list = new NDList(3);
    Shape img = new Shape(size, 3, imageSize, imageSize);
    if (inputs.clinic()) {
      list.add(manager.create(FloatBuffer.wrap(clinic), img));
    }
    if (inputs.derm()) {
      list.add(manager.create(FloatBuffer.wrap(derm), img));
    }
    if (inputs.meta()) {
      list.add(manager.create(FloatBuffer.wrap(meta), new Shape(size, meta.length / size)));
    }
    return list;
  }

  /** The batches one after the other, as one batch (their cases in order). */
  public static CaseBatch concat(List<CaseBatch> batches) {
    int size = batches.stream().mapToInt(CaseBatch::size).sum();
    return new CaseBatch(size, concat(batches, CaseBatch::clinic), concat(batches, CaseBatch::derm),
        concat(batches, CaseBatch::meta), batches.get(0).imageSize());
  }

  private static float[] concat(List<CaseBatch> batches, Function<CaseBatch, float[]> part) {
    if (part.apply(batches.get(0)) == null) {
      return null;
    }
    float[] out = new float[batches.stream().mapToInt(b -> part.apply(b).length).sum()];
    int at = 0;
    for (CaseBatch b : batches) {
      float[] values = part.apply(b);
      System.arraycopy(values, 0, out, at, values.length);
      at += values.length;
    }
    return out;
  }

  /**
   * Mixup: this batch blended with a reordering of itself, {@code lambda * this[i] + (1 - lambda) *
   * this[partner[i]]}, images and metadata alike. The trainer weighs the loss against the
   * partners' labels by {@code 1 - lambda}.
   */
  public CaseBatch mixWith(int[] partner, float lambda) {
    if (partner.length != size) {
      throw new IllegalArgumentException("expected " + size + " partners, got " + partner.length);
    }
    return new CaseBatch(size, mix(clinic, partner, lambda), mix(derm, partner, lambda),
        mix(meta, partner, lambda), imageSize);
  }

  private static float[] mix(float[] values, int[] partner, float lambda) {
    if (values == null || values.length == 0) {
      return values;
    }
    int per = values.length / partner.length;
    float[] out = new float[values.length];
    for (int i = 0; i < partner.length; i++) {
      int a = i * per;
      int b = partner[i] * per;
      for (int k = 0; k < per; k++) {
        out[a + k] = lambda * values[a + k] + (1f - lambda) * values[b + k];
      }
    }
    return out;
  }
}
