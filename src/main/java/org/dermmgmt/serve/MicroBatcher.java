package org.dermmgmt.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A fixed pool of workers sharing one predictor. Each free worker takes every request waiting (up
 * to {@code maxBatch}) and predicts them in one batch, so under load concurrent requests share a
 * forward pass while a lone request is never held back; {@code linger} optionally waits that long
 * for more requests to join a batch. The queue is bounded: a full one refuses at once (503).
 */
final class MicroBatcher implements AutoCloseable {
  private record Job(CaseRequest request, CompletableFuture<CaseResult> result) {}

  private final CasePredictor predictor;
  private final int maxBatch;
  private final long lingerNanos;
  private final BlockingQueue<Job> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final IntConsumer batchSizes;
  private final List<CompletableFuture<Void>> warmedUp = new ArrayList<>();
  private volatile CaseRequest warmUpRequest;
  private volatile boolean closed;

  /** @param batchSizes told the size of every batch run (for metrics) */
  MicroBatcher(CasePredictor predictor, int workers, int maxBatch, Duration linger, int capacity,
      IntConsumer batchSizes) {
    if (workers < 1 || maxBatch < 1 || capacity < 1) {
      throw new IllegalArgumentException(
          "workers, max batch and capacity must be >= 1, got " + workers + ", " + maxBatch + ", " + capacity);
    }
    this.predictor = predictor;
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSizes = batchSizes;
    for (int i = 0; i < workers; i++) {
      CompletableFuture<Void> warm = new CompletableFuture<>();
      warmedUp.add(warm);
      Thread t = new Thread(() -> work(warm), "dermmgmt-worker-" + (i + 1));
      t.setDaemon(true);
      this.workers.add(t);
      t.start();
    }
  }

  /** Queues a request; 503 when the queue is full or the batcher is closed. */
  CompletableFuture<CaseResult> submit(CaseRequest request) {
    CompletableFuture<CaseResult> result = new CompletableFuture<>();
    if (closed || !queue.offer(new Job(request, result))) {
      throw ApiError.unavailable("the service is busy: every queue slot is taken, retry shortly", 1);
    }
    return result;
  }

  /**
   * Has every worker thread predict {@code blank} once ({@link CasePredictor#warmUp}) and waits for
   * all of them; a failure is rethrown. It must run on the workers, not on the caller: libtorch
   * keeps an OpenMP thread team per calling thread, and a forward on one more thread (the main
   * thread) made every later forward on the worker about 1.4x slower on 2 cores (BENCHMARKS.md,
   * "Packed inference").
   */
  void warmUp(CaseRequest blank) {
    warmUpRequest = blank;
    for (CompletableFuture<Void> warm : warmedUp) {
      try {
        warm.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  /** Requests waiting for a worker. */
  int depth() {
    return queue.size();
  }

  private void work(CompletableFuture<Void> warm) {
    List<Job> batch = new ArrayList<>(maxBatch);
    while (true) {
      CaseRequest blank = warm.isDone() ? null : warmUpRequest;
      if (blank != null) {
        try {
          predictor.warmUp(blank);
          warm.complete(null);
        } catch (RuntimeException | Error e) {
          warm.completeExceptionally(e);
        }
      }
      try {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        long until = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch && lingerNanos > 0) {
          long left = until - System.nanoTime();
          Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        run(batch);
      } catch (InterruptedException e) {
        batch.forEach(j -> j.result().completeExceptionally(e));
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void run(List<Job> batch) {
    batchSizes.accept(batch.size());
    try {
      List<CaseResult> results = predictor.predict(batch.stream().map(Job::request).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results.get(i));
      }
    } catch (RuntimeException | Error e) {
      // Even an OutOfMemoryError must answer the waiting requests, not strand them.
      if (batch.size() == 1) {
        batch.get(0).result().completeExceptionally(e);
        return;
      }
      // One bad case must not fail the others it happened to be batched with.
      for (Job job : batch) {
        run(List.of(job));
      }
    }
  }

  /** Lets the workers finish what is queued, then stops them. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
