package org.dermmgmt.data;

/**
 * Derives independent seeds from a run seed and coordinates (epoch, case, view) so that each
 * augmentation is reproducible on its own, whatever order or thread computes it.
 */
public final class Seeds {
  private Seeds() {}

  public static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = splitMix(h ^ p);
    }
    return h;
  }

  private static long splitMix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
