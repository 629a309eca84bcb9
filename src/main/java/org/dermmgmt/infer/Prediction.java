package org.dermmgmt.infer;

import java.util.List;
import org.dermmgmt.model.Task;

/**
 * A model's averaged softmax outputs for one case: one probability vector per head of its task, in
 * {@link Task#heads()} order.
 */
public record Prediction(String id, List<double[]> probabilities) {

  public double[] head(Task task, String name) {
    int i = task.headIndex(name);
    return i < 0 ? null : probabilities.get(i);
  }
}
