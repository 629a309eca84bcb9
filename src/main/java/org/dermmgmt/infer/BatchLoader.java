package org.dermmgmt.infer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.SourceImage;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.Inputs;

/**
 * Turns lists of cases into {@link CaseBatch}es: decodes, augments (seeded per view and image) and
 * normalises images on a small thread pool, two batches ahead of the consumer, so that image work
 * overlaps the forward pass without holding a whole epoch in memory.
 */
public final class BatchLoader implements AutoCloseable {
  /** Stream numbers in view seeds: the clinical image is 1, the dermoscopic 2. */
  public static final int CLINIC_STREAM = 1;
  public static final int DERM_STREAM = 2;
  private static final int LOOKAHEAD = 2;

  /** The augmentation seed of one image of a case in one batch, or null for the plain view. */
  @FunctionalInterface
  public interface ViewSeeds {
    Long seed(CaseInput c, int stream, SourceImage image);

    ViewSeeds PLAIN = (c, stream, image) -> null;
  }

  /** One batch of one view (its index in the list of views given): items of any kind and their batch. */
  public record ViewBatch<T>(int view, List<T> items, CaseBatch data) {}

  private final ImagePipeline pipeline;
  private final Inputs inputs;
  private final MetadataVocabulary metadata;
  private final ExecutorService pool;

  public BatchLoader(ImagePipeline pipeline, Inputs inputs, MetadataVocabulary metadata) {
    this.pipeline = pipeline;
    this.inputs = inputs;
    this.metadata = metadata;
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

  /** The batches of {@code items}, {@code batchSize} each, in order, for one view. */
  public <T> Iterable<ViewBatch<T>> batches(
      List<T> items, Function<T, CaseInput> input, int batchSize, ViewSeeds seeds) {
    return batches(items, input, batchSize, List.of(seeds));
  }

  /**
   * The batches of {@code items} for each view in turn (all of view 0's batches, then view 1's...).
   * Decoding runs ahead across the boundary between views: a call smaller than one batch (a
   * service request, one case) would otherwise wait for each view's images before its forward
   * instead of preparing the next view's during it.
   */
  public <T> Iterable<ViewBatch<T>> batches(
      List<T> items, Function<T, CaseInput> input, int batchSize, List<ViewSeeds> views) {
    List<List<T>> slices = new ArrayList<>();
    for (int from = 0; from < items.size(); from += batchSize) {
      slices.add(items.subList(from, Math.min(items.size(), from + batchSize)));
    }
    int jobs = slices.size() * views.size();
    return () ->
        new Iterator<>() {
          private final ArrayDeque<Future<ViewBatch<T>>> ahead = new ArrayDeque<>();
          private int next;

          {
            fill();
          }

          private void fill() {
            while (ahead.size() < LOOKAHEAD && next < jobs) {
              int view = next / slices.size();
              List<T> slice = slices.get(next++ % slices.size());
              ViewSeeds seeds = views.get(view);
              ahead.add(pool.submit(
                  () -> new ViewBatch<>(view, slice, build(slice.stream().map(input).toList(), seeds))));
            }
          }

          @Override
          public boolean hasNext() {
            return !ahead.isEmpty();
          }

          @Override
          public ViewBatch<T> next() {
            ViewBatch<T> batch = await(ahead.poll());
            fill();
            return batch;
          }
        };
  }

  /** One batch of cases, built on the calling thread. */
  public CaseBatch build(List<CaseInput> cases, ViewSeeds seeds) {
    int n = cases.size();
    int plane = pipeline.length();
    float[] clinic = inputs.clinic() ? new float[n * plane] : null;
    float[] derm = inputs.derm() ? new float[n * plane] : null;
    int width = metadata.size();
    float[] meta = inputs.meta() ? new float[n * width] : null;
    for (int i = 0; i < n; i++) {
      CaseInput c = cases.get(i);
      if (clinic != null) {
        System.arraycopy(view(c, c.clinic(), "clinic", CLINIC_STREAM, seeds), 0, clinic, i * plane, plane);
      }
      if (derm != null) {
        System.arraycopy(view(c, c.derm(), "derm", DERM_STREAM, seeds), 0, derm, i * plane, plane);
      }
      if (meta != null) {
        float[] m;
        try {
          m = CaseInputs.metadata(metadata, c);
        } catch (UserInputException e) {
          throw e.inCase(c.id(), null);
        }
        System.arraycopy(m, 0, meta, i * width, width);
      }
    }
    return new CaseBatch(n, clinic, derm, meta, pipeline.size());
  }

  private float[] view(CaseInput c, ImageInput image, String field, int stream, ViewSeeds seeds) {
    if (image == null) {
      String what = stream == CLINIC_STREAM ? "clinical image (C)" : "dermoscopic image (D)";
      throw new UserInputException("this model (inputs " + inputs + ") uses the " + what + " but the case has none")
          .inCase(c.id(), field);
    }
    SourceImage loaded;
    try {
      loaded = image.load(pipeline);
    } catch (UserInputException e) {
      // The decoder names the file; which case and which of its images it is says where in a table.
      throw e.inCase(c.id(), field);
    }
    Long seed = seeds.seed(c, stream, loaded);
    return seed == null ? pipeline.plain(loaded) : pipeline.augmented(loaded, seed);
  }

  /** Waits for a submitted batch, unwrapping the user-facing error an image may have raised. */
  static <B> B await(Future<B> future) {
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
