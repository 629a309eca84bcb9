package org.dermmgmt.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Stratified k-fold splits by management class, for the paper's 3-fold cross-validation (its
 * construction is not published, paper.md §2.8, so this is the project's documented choice).
 */
public final class Folds {
  /**
   * @param index 0-based fold number
   * @param train the cases of the other k−1 folds
   * @param test the cases of this fold
   */
  public record Fold(int index, List<LesionCase> train, List<LesionCase> test) {}

  private Folds() {}

  /**
   * Shuffles each management class with {@code seed} and deals its cases round-robin over the
   * folds, continuing where the previous class stopped: every class count differs by at most one
   * between folds, and so do the fold sizes. Input order is irrelevant (cases are first sorted by
   * row), so the same cases and seed always give the same folds.
   */
  public static List<Fold> stratified(List<LesionCase> cases, int k, long seed) {
    if (k < 2 || k > cases.size()) {
      throw new IllegalArgumentException(
          "folds expected in [2, " + cases.size() + "] (number of cases), got " + k);
    }
    Random rng = new Random(seed);
    List<List<LesionCase>> tests = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      tests.add(new ArrayList<>());
    }
    int next = 0;
    for (Management m : Management.ALL) {
      List<LesionCase> members =
          new ArrayList<>(
              cases.stream()
                  .filter(c -> c.management() == m)
                  .sorted(Comparator.comparingInt(LesionCase::row))
                  .toList());
      Collections.shuffle(members, rng);
      for (LesionCase c : members) {
        tests.get(next).add(c);
        next = (next + 1) % k;
      }
    }
    List<Fold> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      List<LesionCase> train = new ArrayList<>();
      for (int g = 0; g < k; g++) {
        if (g != f) {
          train.addAll(tests.get(g));
        }
      }
      train.sort(Comparator.comparingInt(LesionCase::row));
      List<LesionCase> test = new ArrayList<>(tests.get(f));
      test.sort(Comparator.comparingInt(LesionCase::row));
      folds.add(new Fold(f, List.copyOf(train), List.copyOf(test)));
    }
    return List.copyOf(folds);
  }
}
