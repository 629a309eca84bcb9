package org.dermmgmt.decide;

/** sRGB (0..255, D65) to CIELAB, for the colour-cast measure. */
final class Cielab {
  private static final double XN = 0.95047;
  private static final double YN = 1.0;
  private static final double ZN = 1.08883;

  private Cielab() {}

  /** {L*, a*, b*} of an sRGB colour with channels in 0..255 (fractions allowed). */
  static double[] of(double r, double g, double b) {
    double lr = linear(r / 255);
    double lg = linear(g / 255);
    double lb = linear(b / 255);
    double x = 0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb;
    double y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb;
    double z = 0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb;
    double fx = f(x / XN);
    double fy = f(y / YN);
    double fz = f(z / ZN);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double linear(double c) {
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static double f(double t) {
    double d = 6.0 / 29;
    return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29;
  }
}
