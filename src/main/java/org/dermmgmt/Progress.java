package org.dermmgmt;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars of long work, on stderr (results go to stdout). */
public final class Progress {
  /**
   * Whether a bar's line is unfinished: a bar redraws its line without ending it until it is
   * closed, and its render thread may redraw once more while it closes.
   */
  private static final AtomicBoolean LINE_OPEN = new AtomicBoolean();

  private Progress() {}

  /**
   * The width bars render to, asked of the terminal once per process: a consumer without a width
   * asks on every redraw and on every close, which a reproduction's 500+ short epoch bars paid for.
   */
  private static final class Width {
    static final int COLUMNS = Math.max(40, new ConsoleProgressBarConsumer(System.err).getMaxRenderedLength());
  }

  public static ProgressBar bar(String task, long max) {
    return bar(task, max, System.err);
  }

  public static ProgressBar bar(String task, long max, PrintStream out) {
    return bar(task, max, out, 1000);
  }

  /** A bar redrawn every {@code millis} by its render thread (tests use a long interval). */
  static ProgressBar bar(String task, long max, PrintStream out, int millis) {
    return builder(task, max, out, millis).build();
  }

  /**
   * A training epoch's bar: redrawn twice a second even between steps, so that its elapsed time
   * and the running loss in its extra message stay current while a slow step runs.
   */
  public static ProgressBar epochBar(String task, long max, PrintStream out) {
    return builder(task, max, out, 500).continuousUpdate().build();
  }

  private static ProgressBarBuilder builder(String task, long max, PrintStream out, int millis) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(millis)
        .setConsumer(new LineTracking(out));
  }

  /** Ends a bar's unfinished line, so that a message printed next starts a line of its own. */
  public static void endOpenLine(PrintWriter out) {
    if (LINE_OPEN.getAndSet(false)) {
      out.println();
    }
  }

  private static final class LineTracking extends ConsoleProgressBarConsumer {
    LineTracking(PrintStream out) {
      super(out, Width.COLUMNS);
    }

    @Override
    public void accept(String rendered) {
      super.accept(rendered);
      LINE_OPEN.set(true);
    }

    @Override
    public void close() {
      super.close();
      LINE_OPEN.set(false);
    }
  }
}
