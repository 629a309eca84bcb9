package org.dermmgmt.model;

import java.util.List;
import org.dermmgmt.data.LesionCase;

/**
 * A model's softmax outputs for one case: one probability vector per head of its task, in
 * {@link Task#heads()} order.
 */
public record CasePrediction(LesionCase lesion, List<double[]> probabilities) {

  public double[] head(Task task, String name) {
    int i = task.headIndex(name);
    return i < 0 ? null : probabilities.get(i);
  }
}
