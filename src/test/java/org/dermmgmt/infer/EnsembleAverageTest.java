package org.dermmgmt.infer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Views stacked into one batch average to exactly the probabilities of one batch per view. */
class EnsembleAverageTest {

  @Test
  void stackedViewsGiveTheSameMeansAsOneBatchPerView() {
    // Two "members" whose rows are independent of the batch: logits = input * factor, two heads.
    List<Block> members = List.of(member(1.7f), member(-0.6f));
    int rows = 3;
    int views = 4;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      List<NDArray> perView = new ArrayList<>();
      for (int v = 0; v < views; v++) {
        perView.add(m.randomNormal(new Shape(rows, 5)));
      }
      EnsembleAverage byView = new EnsembleAverage(rows);
      for (NDArray x : perView) {
        byView.add(members, m, new NDList(x), 0);
        byView.viewDone(members.size());
      }
      EnsembleAverage stacked = new EnsembleAverage(rows);
      NDArray allViews = NDArrays.concat(new NDList(perView)); // view 0's rows, then view 1's ...
      stacked.addStacked(members, m, new NDList(allViews), views, rows);
      List<String> ids = List.of("a", "b", "c");
      List<Prediction> a = byView.means(ids);
      List<Prediction> b = stacked.means(ids);
      for (int i = 0; i < rows; i++) {
        assertThat(b.get(i).probabilities()).hasSize(2);
        for (int h = 0; h < 2; h++) {
          assertThat(b.get(i).probabilities().get(h)).as("row %d head %d", i, h)
              .containsExactly(a.get(i).probabilities().get(h));
        }
      }
    }
  }

  private static Block member(float factor) {
    return new LambdaBlock(in -> new NDList(in.head().mul(factor), in.head().get(":, 0:3").mul(-factor)));
  }
}
