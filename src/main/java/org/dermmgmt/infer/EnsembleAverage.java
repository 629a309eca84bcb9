package org.dermmgmt.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Sums of softmax outputs over views and ensemble members, and their means: the one place where
 * probabilities of several forward passes are averaged (full networks on images, or heads on
 * cached features).
 */
public final class EnsembleAverage {
  private final double[][][] sums;
  private int passes;

  /** @param cases rows to accumulate */
  public EnsembleAverage(int cases) {
    this.sums = new double[cases][][];
  }

  /** Adds every member's softmax outputs for one batch of inputs to the rows from {@code offset}. */
  public void add(List<? extends Block> members, NDManager m, NDList inputs, int offset) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no network to predict with");
    }
    for (Block member : members) {
      NDList out = member.forward(new ParameterStore(m, false), inputs, false);
      for (int h = 0; h < out.size(); h++) {
        NDArray p = out.get(h).softmax(1);
        float[] flat = p.toFloatArray();
        int k = (int) p.getShape().get(1);
        int n = (int) p.getShape().get(0);
        for (int i = 0; i < n; i++) {
          if (sums[offset + i] == null) {
            sums[offset + i] = new double[out.size()][];
          }
          double[] row = sums[offset + i][h];
          if (row == null) {
            row = sums[offset + i][h] = new double[k];
          }
          for (int c = 0; c < k; c++) {
            row[c] += flat[i * k + c];
          }
        }
      }
    }
  }

  /** Marks one complete pass (a view) over every row, by every member. */
  public void viewDone(int members) {
    passes += members;
  }

  /** The mean over the passes, one prediction per row. */
  public List<Prediction> means(List<String> ids) {
    List<Prediction> result = new ArrayList<>(sums.length);
    for (int i = 0; i < sums.length; i++) {
      List<double[]> probs = new ArrayList<>(sums[i].length);
      for (double[] p : sums[i]) {
        double[] mean = new double[p.length];
        for (int c = 0; c < p.length; c++) {
          mean[c] = p[c] / passes;
        }
        probs.add(mean);
      }
      result.add(new Prediction(ids.get(i), List.copyOf(probs)));
    }
    return result;
  }
}
