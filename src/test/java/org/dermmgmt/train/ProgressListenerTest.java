package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.dermmgmt.Progress;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
  /**
   * A frozen run's head epochs take milliseconds each, and a reproduction has hundreds of them: an
   * epoch's bar must cost far less than the epoch. (Its consumer once asked the terminal for its
   * width at every redraw and close: 0.2 s per epoch on one machine, half a quick reproduction.)
   */
  @Test
  void hundredsOfShortEpochBarsCostLittleAndPrintEachEpochsLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressListener listener = new ProgressListener(err);
    int epochs = 200;
    long start = System.nanoTime();
    for (int e = 1; e <= epochs; e++) {
      listener.onEpochStart(e, epochs, 11);
      for (int b = 0; b < 11; b++) {
        listener.onBatch(e, 0.5);
      }
      listener.onEpochEnd(new EpochResult(e, 0.5, 0.6, 0.7, 1e-3, 0.01, e == 1));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("epoch 1: loss 0.5000  select accuracy 0.6000  macro AUROC 0.7000  (0.0s)  *best")
        .contains("epoch 200: loss 0.5000");
    assertThat(seconds).as("200 epoch bars, seconds").isLessThan(4.0);
  }

  /**
   * An error raised mid-epoch (a broken image in a batch) is printed by the CLI after ending the
   * bar's open line: the epoch's bar must be one the CLI knows to be open, and closed once the
   * epoch's line is printed.
   */
  @Test
  void anEpochBarsOpenLineIsEndedBeforeAnErrorAndNotAfterTheEpoch() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PrintWriter cliErr = new PrintWriter(err, true);
    ProgressListener listener = new ProgressListener(err);
    listener.onEpochStart(1, 1, 4);
    listener.onBatch(1, 0.5);
    for (int i = 0; i < 500 && bytes.size() == 0; i++) {
      Thread.sleep(10);
    }
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("epoch 1/1").doesNotEndWith(System.lineSeparator());
    Progress.endOpenLine(cliErr);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith(drawn).endsWith(System.lineSeparator());
    listener.onEpochEnd(new EpochResult(1, 0.5, 0.6, 0.7, 1e-3, 0.01, true));
    int size = bytes.size();
    Progress.endOpenLine(cliErr);
    assertThat(bytes.size()).as("nothing open after the epoch's line").isEqualTo(size);
  }

  /** An epoch that throws closes its bar: nothing is drawn after the CLI has printed the error. */
  @Test
  void anAbortedEpochsBarStopsDrawing() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressListener listener = new ProgressListener(err);
    listener.onEpochStart(1, 1, 4);
    listener.onBatch(1, 0.5);
    for (int i = 0; i < 500 && bytes.size() == 0; i++) {
      Thread.sleep(10);
    }
    listener.onEpochAborted();
    Progress.endOpenLine(new PrintWriter(err, true));
    int size = bytes.size();
    Thread.sleep(1200); // the bar redraws every 500 ms while open
    assertThat(bytes.size()).as("bytes drawn after the abort").isEqualTo(size);
  }
}
