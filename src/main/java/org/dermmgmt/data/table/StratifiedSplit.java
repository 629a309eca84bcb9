package org.dermmgmt.data.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.Split;

/**
 * The split of a case table without a {@code split} column: within each management class (in
 * NONE, CLNC, EXC order) the cases, in row order, are shuffled with one {@code Random(seed)} and
 * the first round(60%) go to train, the next round(20%) to valid, the rest to test. Every class is
 * thus represented in proportion, and the same table and seed always give the same split.
 */
final class StratifiedSplit {
  static final double TRAIN = 0.6;
  static final double VALID = 0.2;

  private StratifiedSplit() {}

  static Map<Integer, Split> of(List<LesionCase> cases, long seed) {
    Random rng = new Random(seed);
    Map<Integer, Split> out = new java.util.HashMap<>();
    Map<Management, List<LesionCase>> byClass = new EnumMap<>(Management.class);
    for (LesionCase c : cases) {
      byClass.computeIfAbsent(c.management(), k -> new ArrayList<>()).add(c);
    }
    for (Management m : Management.ALL) {
      List<LesionCase> members = new ArrayList<>(byClass.getOrDefault(m, List.of()));
      Collections.shuffle(members, rng);
      int n = members.size();
      int nTrain = (int) Math.round(n * TRAIN);
      int nValid = (int) Math.round(n * (TRAIN + VALID)) - nTrain;
      for (int i = 0; i < n; i++) {
        out.put(members.get(i).row(), i < nTrain ? Split.TRAIN : i < nTrain + nValid ? Split.VALID : Split.TEST);
      }
    }
    return out;
  }
}
