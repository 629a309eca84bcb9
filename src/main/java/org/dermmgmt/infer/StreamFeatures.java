package org.dermmgmt.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.SourceImage;

/**
 * Pooled features of one backbone stream for a few images in one view: the images prepared in
 * parallel (view 0 plain, view v the spec's seeded augmentation keyed by the image's content), one
 * forward of the stream without autograd. The frozen mode's feature cache and the inference memo
 * both compute their features here, so that both hold what the full network's stream computes.
 */
public final class StreamFeatures {
  private StreamFeatures() {}

  /**
   * @param images one loader per image; each throws the user-facing error of its image (it knows
   *     which case or table row the image belongs to)
   * @return one feature vector per image, in order
   */
  public static float[][] compute(Block stream, NDManager parent, ImagePipeline pipeline, InferenceSpec spec,
      int view, List<Supplier<SourceImage>> images) {
    int n = images.size();
    int plane = pipeline.length();
    float[] pixels = new float[n * plane];
    IntStream.range(0, n).parallel().forEach(i -> {
      SourceImage loaded = images.get(i).get();
      float[] p = view == 0
          ? pipeline.plain(loaded)
          : pipeline.augmented(loaded, spec.keying().imageSeed(spec.seed(), view, loaded));
      System.arraycopy(p, 0, pixels, i * plane, plane);
    });
    try (NDManager m = parent.newSubManager()) {
      int size = pipeline.size();
      NDArray x = m.create(FloatBuffer.wrap(pixels), new Shape(n, 3, size, size));
      // A stream's features need no autograd graph (NoGrad: about twice as fast).
      float[] flat = NoGrad.call(
          () -> stream.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray());
      int dim = flat.length / n;
      float[][] out = new float[n][dim];
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * dim, out[i], 0, dim);
      }
      return out;
    }
  }
}
