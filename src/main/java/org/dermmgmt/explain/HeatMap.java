package org.dermmgmt.explain;

/**
 * A Grad-CAM map over one image input, at the resolution of the network's last feature maps (the
 * model input divided by 32), row-major. Values are in [0, 1]: the positive part of the weighted
 * maps divided by its maximum; all zero when nothing in the image raised the explained class.
 */
public record HeatMap(int width, int height, float[] values) {
  public HeatMap {
    if (width <= 0 || height <= 0 || values.length != width * height) {
      throw new IllegalArgumentException(
          "expected " + width + "x" + height + " values, got " + values.length);
    }
  }

  public float get(int x, int y) {
    return values[y * width + x];
  }

  /** Bilinear value at fractional position (u, v) in [0, 1] of the map's extent. */
  public float sample(double u, double v) {
    double x = Math.min(Math.max(u * width - 0.5, 0), width - 1);
    double y = Math.min(Math.max(v * height - 0.5, 0), height - 1);
    int x0 = (int) x;
    int y0 = (int) y;
    int x1 = Math.min(x0 + 1, width - 1);
    int y1 = Math.min(y0 + 1, height - 1);
    double fx = x - x0;
    double fy = y - y0;
    double top = get(x0, y0) * (1 - fx) + get(x1, y0) * fx;
    double bottom = get(x0, y1) * (1 - fx) + get(x1, y1) * fx;
    return (float) (top * (1 - fy) + bottom * fy);
  }
}
