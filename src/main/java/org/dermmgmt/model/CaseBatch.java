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
