package org.dermmgmt.explain;

import java.util.List;

/** The arithmetic Grad-CAM's maps share: scaling to [0, 1] and averaging maps of different grids. */
final class HeatMaps {
  private HeatMaps() {}

  /** In place: the positive part divided by its maximum (all zero stays all zero). */
  static float[] normalised(float[] cam) {
    float max = 0f;
    for (int i = 0; i < cam.length; i++) {
      cam[i] = Math.max(cam[i], 0f);
      max = Math.max(max, cam[i]);
    }
    if (max > 0f) {
      for (int i = 0; i < cam.length; i++) {
        cam[i] /= max;
      }
    }
    return cam;
  }

  /**
   * The equal-weight mean of maps over the same image, normalised again, on the finest grid among
   * them (coarser maps sampled bilinearly at its cell centres).
   */
  static HeatMap mean(List<HeatMap> maps) {
    if (maps.isEmpty()) {
      throw new IllegalArgumentException("no map to average");
    }
    int w = maps.stream().mapToInt(HeatMap::width).max().getAsInt();
    int h = maps.stream().mapToInt(HeatMap::height).max().getAsInt();
    float[] sum = new float[w * h];
    for (HeatMap m : maps) {
      boolean same = m.width() == w && m.height() == h;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          sum[y * w + x] += same ? m.get(x, y) : m.sample((x + 0.5) / w, (y + 0.5) / h);
        }
      }
    }
    return new HeatMap(w, h, normalised(sum));
  }
}
