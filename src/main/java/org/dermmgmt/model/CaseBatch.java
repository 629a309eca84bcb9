package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.MetadataEncoder;

/**
 * A batch of cases as plain float arrays, built off the training thread, and turned into NDArrays
 * only inside the batch's own NDManager (closing that manager frees everything the step made).
 */
public record CaseBatch(
    List<LesionCase> cases, float[] clinic, float[] derm, float[] meta, int imageSize) {

  public int size() {
    return cases.size();
  }

  /** The model inputs in the order {@link org.dermmgmt.model.FusionNet} expects. */
  public NDList inputs(NDManager manager, Inputs inputs) {
    int n = size();
    NDList list = new NDList(3);
    Shape img = new Shape(n, 3, imageSize, imageSize);
    if (inputs.clinic()) {
      list.add(manager.create(FloatBuffer.wrap(clinic), img));
    }
    if (inputs.derm()) {
      list.add(manager.create(FloatBuffer.wrap(derm), img));
    }
    if (inputs.meta()) {
      list.add(manager.create(FloatBuffer.wrap(meta), new Shape(n, MetadataEncoder.SIZE)));
    }
    return list;
  }

  /**
   * Mixup: this batch blended with a reordering of itself, {@code lambda * this[i] + (1 - lambda) *
   * this[partner[i]]}, images and metadata alike. The cases (and so the labels) stay this batch's;
   * the trainer weighs the loss against the partners' labels by {@code 1 - lambda}.
   */
  public CaseBatch mixWith(int[] partner, float lambda) {
    if (partner.length != size()) {
      throw new IllegalArgumentException("expected " + size() + " partners, got " + partner.length);
    }
    return new CaseBatch(cases, mix(clinic, partner, lambda), mix(derm, partner, lambda),
        mix(meta, partner, lambda), imageSize);
  }

  private float[] mix(float[] values, int[] partner, float lambda) {
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

  /** One int label array per head of the task, in {@link Task#heads()} order. */
  public static NDList labels(NDManager manager, Task task, List<LesionCase> cases) {
    NDList labels = new NDList();
    for (Task.Head head : task.heads()) {
      int[] y = new int[cases.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = label(head, cases.get(i));
      }
      NDArray arr = manager.create(y);
      labels.add(arr);
    }
    return labels;
  }

  public static int label(Task.Head head, LesionCase c) {
    return switch (head.name()) {
      case Task.MANAGEMENT -> c.management().ordinal();
      case Task.DIAGNOSIS -> c.group().ordinal();
      default -> c.criteria()[Criterion.valueOf(head.name()).ordinal()];
    };
  }
}
