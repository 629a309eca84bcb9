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
      Outputs out = Outputs.of(member, m, inputs);
      accumulate(out, 0, out.rows(), offset);
    }
  }

  /**
   * Adds every member's softmax outputs for a batch that stacks {@code views} views of the same
   * {@code rows} rows (view 0's rows first, then view 1's...): one forward per member instead of
   * one per member and view. The rows are added view by view and member by member, the order
   * {@link #add} and {@link #viewDone} per view would add them in, so the sums are the same.
   */
  public void addStacked(List<? extends Block> members, NDManager m, NDList inputs, int views, int rows) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no network to predict with");
    }
    List<Outputs> outs = new ArrayList<>();
    for (Block member : members) {
      outs.add(Outputs.of(member, m, inputs));
    }
    for (int v = 0; v < views; v++) {
      for (Outputs out : outs) {
        accumulate(out, v * rows, rows, 0);
      }
      viewDone(members.size());
    }
  }

  /** One member's softmax outputs of a batch: per head, the flat (rows × classes) probabilities. */
  private record Outputs(List<float[]> heads, int[] classes, int rows) {
    static Outputs of(Block member, NDManager m, NDList inputs) {
      NDList out = member.forward(new ParameterStore(m, false), inputs, false);
      List<float[]> heads = new ArrayList<>();
      int[] classes = new int[out.size()];
      int rows = 0;
      for (int h = 0; h < out.size(); h++) {
        NDArray p = out.get(h).softmax(1);
        heads.add(p.toFloatArray());
        classes[h] = (int) p.getShape().get(1);
        rows = (int) p.getShape().get(0);
      }
      return new Outputs(heads, classes, rows);
    }
  }

  /** Adds rows {@code from .. from + n} of {@code out} to the sums of rows {@code offset ..}. */
  private void accumulate(Outputs out, int from, int n, int offset) {
    for (int h = 0; h < out.heads().size(); h++) {
      float[] flat = out.heads().get(h);
      int k = out.classes()[h];
      for (int i = 0; i < n; i++) {
        if (sums[offset + i] == null) {
          sums[offset + i] = new double[out.heads().size()][];
        }
        double[] row = sums[offset + i][h];
        if (row == null) {
          row = sums[offset + i][h] = new double[k];
        }
        for (int c = 0; c < k; c++) {
          row[c] += flat[(from + i) * k + c];
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

  /**
   * The equal-weight mean of several models' predictions of the same cases (a mixed model's groups),
   * case by case and head by head.
   */
  public static List<Prediction> meanOfGroups(List<List<Prediction>> groups) {
    List<Prediction> first = groups.get(0);
    List<Prediction> result = new ArrayList<>(first.size());
    for (int i = 0; i < first.size(); i++) {
      List<double[]> heads = new ArrayList<>();
      for (int h = 0; h < first.get(i).probabilities().size(); h++) {
        double[] mean = new double[first.get(i).probabilities().get(h).length];
        for (List<Prediction> group : groups) {
          double[] p = group.get(i).probabilities().get(h);
          for (int c = 0; c < mean.length; c++) {
            mean[c] += p[c] / groups.size();
          }
        }
        heads.add(mean);
      }
      result.add(new Prediction(first.get(i).id(), List.copyOf(heads)));
    }
    return result;
  }
}
