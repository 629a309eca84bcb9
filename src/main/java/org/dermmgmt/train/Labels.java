package org.dermmgmt.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.model.Task;

/** The training targets of cases, one int array per head of a task. */
public final class Labels {
  private Labels() {}

  /** One int label array per head of the task, in {@link Task#heads()} order. */
  static NDList of(NDManager manager, Task task, List<LesionCase> cases) {
    NDList labels = new NDList();
    for (Task.Head head : task.heads()) {
      int[] y = new int[cases.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = label(head, cases.get(i));
      }
      labels.add(manager.create(y));
    }
    return labels;
  }

  static int label(Task.Head head, LesionCase c) {
    return switch (head.name()) {
      case Task.MANAGEMENT -> c.management().ordinal();
      case Task.DIAGNOSIS -> c.group().ordinal();
      default -> c.criteria()[Criterion.valueOf(head.name()).ordinal()];
    };
  }

  /** Inverse-frequency weights per head, or null when the run does not balance classes. */
  static float[][] classWeights(TrainOptions o, List<LesionCase> train) {
    if (!o.classBalanced()) {
      return null;
    }
    List<Task.Head> heads = o.task().heads();
    float[][] w = new float[heads.size()][];
    for (int h = 0; h < heads.size(); h++) {
      int[] labels = new int[train.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = label(heads.get(h), train.get(i));
      }
      w[h] = MultiTaskLoss.balancedWeights(labels, heads.get(h).classes());
    }
    return w;
  }

  /**
   * Refuses a task whose labels the cases lack (a case table without diagnosis or criteria
   * columns), before any work starts.
   */
  public static void require(Task task, List<LesionCase> cases, String source) {
    for (Task.Head head : task.heads()) {
      for (LesionCase c : cases) {
        boolean absent = switch (head.name()) {
          case Task.MANAGEMENT -> c.management() == null;
          case Task.DIAGNOSIS -> c.group() == null;
          default -> c.criteria()[Criterion.valueOf(head.name()).ordinal()] < 0;
        };
        if (absent) {
          String column = head.name().equals(Task.MANAGEMENT) || head.name().equals(Task.DIAGNOSIS)
              ? head.name() : "the seven criteria (" + head.name() + ")";
          throw new org.dermmgmt.UserInputException(source + ": --task " + task.cliName() + " needs " + column
              + " labels, which case " + c.id() + " lacks; use a task the data has labels for (mgmt needs only management)");
        }
      }
    }
  }
}
