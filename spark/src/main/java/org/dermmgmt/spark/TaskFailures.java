package org.dermmgmt.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts task attempts that failed (and were retried, or failed the job) for the summary. */
final class TaskFailures extends SparkListener {
  private final AtomicInteger failed = new AtomicInteger();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskInfo() != null && end.taskInfo().failed()) {
      failed.incrementAndGet();
    }
  }

  int failed() {
    return failed.get();
  }
}
