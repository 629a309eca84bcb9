package org.dermmgmt.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * Seeded draws for mixup (Zhang et al., 2018): per batch, a weight λ ~ Beta(α, α) and a
 * permutation pairing each case with a partner from the same batch. The draws depend only on the
 * seed, so a resumed epoch mixes exactly as the interrupted one did.
 */
final class Mixup {
  private final BetaDistribution beta;
  private final Random random;

  /** One batch's mixing: {@code lambda} for the batch, {@code partner[i]} for case i. */
  record Draw(float lambda, int[] partner) {
    <T> List<T> partners(List<T> items) {
      List<T> out = new ArrayList<>(partner.length);
      for (int p : partner) {
        out.add(items.get(p));
      }
      return out;
    }
  }

  Mixup(float alpha, long seed) {
    if (!(alpha > 0) || Float.isInfinite(alpha)) {
      throw new IllegalArgumentException("mixup alpha must be a finite number > 0, got " + alpha);
    }
    this.beta = new BetaDistribution(alpha, alpha);
    this.random = new Random(seed);
  }

  Draw draw(int size) {
    float lambda = (float) beta.inverseCumulativeProbability(random.nextDouble());
    int[] partner = new int[size];
    for (int i = 0; i < size; i++) {
      partner[i] = i;
    }
    // Fisher-Yates with the run's own generator (Collections.shuffle would need boxing).
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = partner[i];
      partner[i] = partner[j];
      partner[j] = t;
    }
    return new Draw(lambda, partner);
  }
}
