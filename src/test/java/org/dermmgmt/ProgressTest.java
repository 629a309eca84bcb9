package org.dermmgmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressTest {
  /** An error printed while a bar is drawn must not land at the end of the bar's line. */
  @Test
  void anOpenBarLineIsEndedOnceAndAClosedOneNotAtAll() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(out, true); // as picocli's error writer wraps stderr
    // The render thread draws once at the start, then not again within the test.
    ProgressBar bar = Progress.bar("work", 10, out, 3_600_000);
    for (int i = 0; i < 500 && bytes.size() == 0; i++) {
      Thread.sleep(10);
    }
    bar.stepTo(3);
    bar.refresh();
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("work").doesNotEndWith(System.lineSeparator());
    Progress.endOpenLine(err);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(drawn + System.lineSeparator());
    Progress.endOpenLine(err); // nothing left open
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(drawn + System.lineSeparator());
    bar.close();
    int size = bytes.size();
    Progress.endOpenLine(err);
    assertThat(bytes.size()).isEqualTo(size);
  }
}
