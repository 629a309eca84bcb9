package org.dermmgmt.train;

import org.dermmgmt.UserInputException;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.SourceImage;
import org.dermmgmt.infer.InferenceSpec;
import org.dermmgmt.infer.StreamFeatures;
import org.dermmgmt.infer.ViewKeying;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.model.script.Packable;

/**
 * Pooled backbone features of images, computed once per image and view and kept on disk, so that
 * frozen-backbone training only trains the heads (seconds instead of hours). View 0 is the plain
 * evaluation view; views 1..n are the inference spec's test-time views (seeded by the image's
 * content), so the frozen mode's selection averages exactly the views {@code evaluate} averages,
 * and the cache serves every later run with the same backbone, preprocessing and spec.
 */
public final class FeatureCache {
  private static final int BATCH = 16;

  private final Path dir;
  private final Map<String, float[]> memory = new HashMap<>();
  private final Map<String, String> keys = new HashMap<>();

  /**
   * @param root the cache root
   * @param fingerprint identifies the backbone weights and preprocessing; features made under
   *     another fingerprint are never mixed in
   * @param spec the views: view v of an image is the spec's view v
   * @param precision the arithmetic the features are computed in (bf16 features never mix with fp32 ones)
   */
  public FeatureCache(Path root, String fingerprint, InferenceSpec spec, Precision precision) {
    // Views keyed by pixels are other views than those keyed by file bytes: their own folder.
    this.dir = root.resolve(fingerprint + "-vs" + Long.toHexString(spec.seed())
        + (spec.keying() == ViewKeying.IMAGE_PIXELS ? "-px" : "")
        + (precision == Precision.FP32 ? "" : "-" + precision.label()));
    this.spec = spec;
    this.precision = precision;
  }

  private final Precision precision;

  private final InferenceSpec spec;

  /** Features of one image and view; {@link #compute} must have covered it. */
  public float[] get(String image, int view) {
    float[] f = memory.get(keys.get(image + "#" + view));
    if (f == null) {
      throw new IllegalStateException("no cached features for " + image + " view " + view);
    }
    return f;
  }

  /** Makes sure every image has features for views 0..views, computing the missing ones. */
  public void compute(
      List<String> images,
      int views,
      Block stream,
      ImagePipeline pipeline,
      CaseSource release,
      NDManager parent,
      IntConsumer progress) {
    // The backbone is fixed while its features are cached: inference may run packed (Packable).
    try (Packable.Packing packs = stream instanceof Packable p ? p.packForInference(precision) : () -> {}) {
      for (int v = 0; v <= views; v++) {
        List<String> missing = new ArrayList<>();
        for (String image : images) {
          String key = key(release, image, v);
          if (memory.containsKey(key)) {
            progress.accept(1);
            continue;
          }
          float[] onDisk = read(file(key));
          if (onDisk != null) {
            memory.put(key, onDisk);
            progress.accept(1);
          } else {
            missing.add(image);
          }
        }
        for (int from = 0; from < missing.size(); from += BATCH) {
          List<String> slice = missing.subList(from, Math.min(missing.size(), from + BATCH));
          List<Supplier<SourceImage>> loaders = slice.stream().<Supplier<SourceImage>>map(image -> () -> {
            try {
              return pipeline.load(release.image(image));
            } catch (UserInputException e) {
              // The decoder names the file; the source and the table's reference say where it is used.
              throw e.at(release.describe() + ", image '" + image + "'");
            }
          }).toList();
          float[][] features = StreamFeatures.compute(stream, parent, pipeline, spec, v, loaders);
          for (int i = 0; i < slice.size(); i++) {
            String key = key(release, slice.get(i), v);
            memory.put(key, features[i]);
            write(file(key), features[i]);
          }
          progress.accept(slice.size());
        }
      }
    }
  }

  /**
   * The image's path plus its size and modification time: another dataset with the same relative
   * paths (synthetic sets, an edited copy) never reads this one's features.
   */
  private String key(CaseSource release, String image, int view) {
    Path file = release.image(image);
    long size;
    long modified;
    try {
      size = Files.size(file);
      modified = Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new org.dermmgmt.UserInputException("cannot read image " + file + ": " + e.getMessage(), e);
    }
    String k = "v" + view + "/" + image.replace('/', '_') + "-" + size + "-" + modified;
    keys.put(image + "#" + view, k);
    return k;
  }

  private Path file(String key) {
    return dir.resolve(key + ".f32");
  }

  /**
   * The whole file in one read: a frozen-mode run reads thousands of these, and a DataInputStream
   * over the unbuffered file stream made four system calls per float (25 s for one stream's 6,000
   * files on the 2-core machine, against 0.2 s so).
   */
  static float[] read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)); // big-endian, as written
      int n = bytes.getInt();
      if (n < 0 || bytes.remaining() != 4L * n) {
        return null; // a damaged cache entry is recomputed
      }
      float[] f = new float[n];
      bytes.asFloatBuffer().get(f);
      return f;
    } catch (IOException | java.nio.BufferUnderflowException e) {
      return null; // a damaged cache entry is recomputed
    }
  }

  static void write(Path file, float[] values) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "feat", ".tmp");
      ByteBuffer bytes = ByteBuffer.allocate(4 + 4 * values.length);
      bytes.putInt(values.length);
      bytes.asFloatBuffer().put(values);
      Files.write(tmp, bytes.array());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write feature cache " + file, e);
    }
  }
}
