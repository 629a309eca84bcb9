package org.dermmgmt.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.MetadataEncoder;
import org.dermmgmt.data.Seeds;
import org.dermmgmt.data.image.ImagePipeline;

/**
 * Turns lists of cases into {@link CaseBatch}es: decodes, augments (seeded per case and epoch)
 * and normalises images on a small thread pool, one batch ahead of the training step.
 */
public final class BatchLoader implements AutoCloseable {
  private final Derm7ptRelease release;
  private final ImagePipeline pipeline;
  private final Inputs inputs;
  private final int imageSize;
  private final ExecutorService pool;

  public BatchLoader(Derm7ptRelease release, ImagePipeline pipeline, Inputs inputs, int imageSize) {
    this.release = release;
    this.pipeline = pipeline;
    this.inputs = inputs;
    this.imageSize = imageSize;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "dermmgmt-images");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The batches of {@code cases}, in order, {@code batchSize} each, built two batches ahead of the
   * consumer so that image work overlaps the training step without holding a whole epoch in
   * memory. {@code augmentSeed} null means the deterministic evaluation view.
   */
  public Iterable<CaseBatch> batches(List<LesionCase> cases, int batchSize, Long augmentSeed) {
    List<List<LesionCase>> slices = new ArrayList<>();
    for (int from = 0; from < cases.size(); from += batchSize) {
      slices.add(cases.subList(from, Math.min(cases.size(), from + batchSize)));
    }
    return () ->
        new java.util.Iterator<>() {
          private final java.util.ArrayDeque<Future<CaseBatch>> ahead = new java.util.ArrayDeque<>();
          private int next;

          {
            fill();
          }

          private void fill() {
            while (ahead.size() < LOOKAHEAD && next < slices.size()) {
              List<LesionCase> slice = slices.get(next++);
              ahead.add(pool.submit(() -> build(slice, augmentSeed)));
            }
          }

          @Override
          public boolean hasNext() {
            return !ahead.isEmpty();
          }

          @Override
          public CaseBatch next() {
            CaseBatch batch = await(ahead.poll());
            fill();
            return batch;
          }
        };
  }

  private static final int LOOKAHEAD = 2;

  public CaseBatch build(List<LesionCase> cases, Long augmentSeed) {
    int n = cases.size();
    int plane = 3 * imageSize * imageSize;
    float[] clinic = inputs.clinic() ? new float[n * plane] : null;
    float[] derm = inputs.derm() ? new float[n * plane] : null;
    float[] meta = inputs.meta() ? new float[n * MetadataEncoder.SIZE] : null;
    for (int i = 0; i < n; i++) {
      LesionCase c = cases.get(i);
      if (clinic != null) {
        System.arraycopy(image(c.clinic(), c, augmentSeed, 1), 0, clinic, i * plane, plane);
      }
      if (derm != null) {
        System.arraycopy(image(c.derm(), c, augmentSeed, 2), 0, derm, i * plane, plane);
      }
      if (meta != null) {
        System.arraycopy(MetadataEncoder.encode(c), 0, meta, i * MetadataEncoder.SIZE, MetadataEncoder.SIZE);
      }
    }
    return new CaseBatch(List.copyOf(cases), clinic, derm, meta, imageSize);
  }

  private float[] image(String relative, LesionCase c, Long augmentSeed, int stream) {
    var path = release.image(relative);
    return augmentSeed == null
        ? pipeline.eval(path)
        : pipeline.train(path, Seeds.mix(augmentSeed, c.caseNum(), stream));
  }

  /** Waits for a submitted batch, unwrapping the user-facing error an image may have raised. */
  public static CaseBatch await(Future<CaseBatch> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading images", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UserInputException u) {
        throw u;
      }
      throw new IllegalStateException("loading a batch of images failed", e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
