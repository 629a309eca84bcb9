package org.dermmgmt.infer;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiFunction;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.model.script.Precision;

/**
 * Pooled stream features of image files, kept for the rest of the process, bounded in bytes (least
 * recently used first out). A reproduction or cross-validation evaluates a dozen frozen-backbone
 * models on the same images: their streams hold the same ImageNet weights, so each image and view
 * needs the backbone once, not once per model (the full network's other half, the heads, still
 * runs per model). An entry is keyed by what decides its value: the stream's parameters (their
 * sha256: a fine-tuned stream is another function), the arithmetic, the preprocessing and the
 * view's seed, and the file (path, size, modification time). Off unless a command turns it on
 * ({@link #enable}); only loaded runs use it, whose weights never change.
 */
public final class StreamFeatureMemo {
  /** How a loaded model uses the memo: the store and the arithmetic its streams compute in. */
  public record Use(StreamFeatureMemo store, Precision precision) {
    /** The stream's part of a key: its parameters and the arithmetic. */
    String stream(Block stream) {
      return store.streamId(stream) + "/" + precision.label();
    }

    /**
     * Keeps features computed elsewhere by the same stream on the same views (the frozen mode's
     * feature cache, which trains on them) for the evaluations that follow. The stream's identity
     * is computed now and not remembered: a training network's stream may be fine-tuned after its
     * head warm-up.
     *
     * @param features the features of file {@code i} in view {@code v}
     */
    public void offer(Block stream, ImagePipeline pipeline, InferenceSpec spec, List<Path> files, int views,
        BiFunction<Integer, Integer, float[]> features) {
      String id = parameterHash(stream) + "/" + precision.label();
      String prep = pipeline.fingerprint();
      for (int i = 0; i < files.size(); i++) {
        for (int v = 0; v <= views; v++) {
          Key key = key(id, prep, spec, v, files.get(i));
          if (key != null) {
            store.put(key, features.apply(i, v));
          }
        }
      }
    }
  }

  /** One image in one view through one stream. */
  record Key(String stream, String pipeline, long seed, ViewKeying keying, int view, Path file, long size,
      long modified) {}

  /** Enough for every Derm7pt image in six views through two different backbones. */
  public static final long DEFAULT_BYTES = 256L << 20;

  private static volatile StreamFeatureMemo shared;

  private final long maxBytes;
  private final LinkedHashMap<Key, float[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private final Map<Block, String> streamIds = Collections.synchronizedMap(new WeakHashMap<>());
  private long bytes;
  private long hits;
  private long misses;

  StreamFeatureMemo(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Turns the process's memo on (idempotent); models loaded from then on use it. */
  public static synchronized StreamFeatureMemo enable(long maxBytes) {
    if (shared == null) {
      shared = new StreamFeatureMemo(maxBytes);
    }
    return shared;
  }

  /** Turned on for a command's work: closing it turns the memo off again unless it was on before. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** {@link #enable} until the returned scope is closed. */
  public static synchronized Scope during(long maxBytes) {
    boolean wasOn = shared != null;
    enable(maxBytes);
    return () -> {
      if (!wasOn) {
        disable();
      }
    };
  }

  /** Turns it off and drops its entries (models loaded before keep the store they were given). */
  public static synchronized void disable() {
    shared = null;
  }

  /** The process's memo for a model loaded in {@code precision}, or null when off. */
  public static Use forModel(Precision precision) {
    StreamFeatureMemo store = shared;
    return store == null ? null : new Use(store, precision);
  }

  /** The stream's identity: the sha256 of its parameters (names, shapes, values), computed once per block. */
  String streamId(Block stream) {
    return streamIds.computeIfAbsent(stream, StreamFeatureMemo::parameterHash);
  }

  private static String parameterHash(Block stream) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Pair<String, Parameter> p : stream.getParameters()) {
        sha.update(p.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update(p.getValue().getArray().getShape().toString().getBytes(StandardCharsets.UTF_8));
        sha.update(p.getValue().getArray().toByteArray());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key of a file's view; null when the file cannot be read (the decoder will say why). */
  static Key key(String stream, String pipeline, InferenceSpec spec, int view, Path file) {
    try {
      return new Key(stream, pipeline, spec.seed(), spec.keying(), view, file, Files.size(file),
          Files.getLastModifiedTime(file).toMillis());
    } catch (IOException e) {
      return null;
    }
  }

  synchronized float[] get(Key key) {
    float[] f = entries.get(key);
    if (f == null) {
      misses++;
    } else {
      hits++;
    }
    return f;
  }

  synchronized void put(Key key, float[] features) {
    float[] old = entries.put(key, features);
    bytes += 4L * features.length - (old == null ? 0 : 4L * old.length);
    Iterator<float[]> eldest = entries.values().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= 4L * eldest.next().length;
      eldest.remove();
    }
  }

  /** Lookups answered from the memo so far. */
  public synchronized long hits() {
    return hits;
  }

  /** Lookups that had to run the stream. */
  public synchronized long misses() {
    return misses;
  }

  public synchronized long bytes() {
    return bytes;
  }
}
