package org.dermmgmt;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars of long work, on stderr (results go to stdout). */
public final class Progress {
  private Progress() {}

  public static ProgressBar bar(String task, long max) {
    return bar(task, max, System.err);
  }

  public static ProgressBar bar(String task, long max, PrintStream out) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .build();
  }
}
