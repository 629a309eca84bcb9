package org.dermmgmt.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FoldsTest {
  private static List<LesionCase> cases(int none, int clnc, int exc) {
    List<LesionCase> out = new ArrayList<>();
    int row = 0;
    for (Management m : Management.ALL) {
      int n = m == Management.NONE ? none : m == Management.CLNC ? clnc : exc;
      for (int i = 0; i < n; i++, row++) {
        out.add(new LesionCase(row, row + 1, "clark nevus", DiagnosisGroup.NEV, new int[7], 0, m,
            "male", "back", "flat", "a/" + row + ".jpg", "b/" + row + ".jpg"));
      }
    }
    return out;
  }

  @Test
  void everyCaseInExactlyOneTestFoldAndClassesBalanced() {
    List<LesionCase> all = cases(110, 296, 605);
    List<Folds.Fold> folds = Folds.stratified(all, 3, 7);
    Set<Integer> seen = new HashSet<>();
    for (Folds.Fold f : folds) {
      for (LesionCase c : f.test()) {
        assertThat(seen.add(c.row())).as("row %d twice", c.row()).isTrue();
      }
      assertThat(f.train().size() + f.test().size()).isEqualTo(all.size());
      assertThat(f.train()).doesNotContainAnyElementsOf(f.test());
    }
    assertThat(seen).hasSize(all.size());
    for (Management m : Management.ALL) {
      List<Long> counts = folds.stream()
          .map(f -> f.test().stream().filter(c -> c.management() == m).count()).toList();
      assertThat(counts.stream().mapToLong(Long::longValue).max().getAsLong()
          - counts.stream().mapToLong(Long::longValue).min().getAsLong()).as("%s %s", m, counts).isLessThanOrEqualTo(1);
    }
    List<Integer> sizes = folds.stream().map(f -> f.test().size()).toList();
    assertThat(sizes.stream().mapToInt(i -> i).max().getAsInt() - sizes.stream().mapToInt(i -> i).min().getAsInt())
        .isLessThanOrEqualTo(1);
  }

  @Test
  void sameSeedSameFoldsOtherSeedOtherFolds() {
    List<LesionCase> all = cases(10, 20, 30);
    List<LesionCase> shuffled = new ArrayList<>(all);
    java.util.Collections.reverse(shuffled);
    assertThat(Folds.stratified(shuffled, 3, 1)).isEqualTo(Folds.stratified(all, 3, 1));
    assertThat(Folds.stratified(all, 3, 2)).isNotEqualTo(Folds.stratified(all, 3, 1));
  }
}
