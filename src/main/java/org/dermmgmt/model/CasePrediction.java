package org.dermmgmt.model;

import java.util.List;
import org.dermmgmt.data.LesionCase;

/**
 * A model's softmax outputs for one case: one probability vector per head of its task, in
 * {@link Task#heads()} order.
 */
public record CasePrediction(LesionCase lesion, List<double[]> probabilities) {

  /**
   * The case-by-case mean of several models' predictions of the same cases (an ensemble). One
   * list is returned as it is.
   */
  public static List<CasePrediction> average(List<List<CasePrediction>> models) {
    if (models.size() == 1) {
      return models.get(0);
    }
    List<CasePrediction> first = models.get(0);
    List<CasePrediction> out = new java.util.ArrayList<>(first.size());
    for (int i = 0; i < first.size(); i++) {
      List<double[]> mean = new java.util.ArrayList<>();
      for (int h = 0; h < first.get(i).probabilities().size(); h++) {
        double[] sum = new double[first.get(i).probabilities().get(h).length];
        for (List<CasePrediction> model : models) {
          CasePrediction p = model.get(i);
          if (!java.util.Objects.equals(p.lesion(), first.get(i).lesion())) {
            throw new IllegalArgumentException("models predicted different cases at position " + i);
          }
          double[] probs = p.probabilities().get(h);
          for (int c = 0; c < sum.length; c++) {
            sum[c] += probs[c] / models.size();
          }
        }
        mean.add(sum);
      }
      out.add(new CasePrediction(first.get(i).lesion(), List.copyOf(mean)));
    }
    return out;
  }

  public double[] head(Task task, String name) {
    int i = task.headIndex(name);
    return i < 0 ? null : probabilities.get(i);
  }
}
