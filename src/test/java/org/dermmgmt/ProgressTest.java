package org.dermmgmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressTest {
  /** An error printed while a bar is drawn must not land at the end of the bar's line. */
  @Test
  void anOpenBarLineIsEndedOnceAndAClosedOneNotAtAll() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressBar bar = Progress.bar("work", 10, out);
    bar.stepTo(3);
    bar.refresh();
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("work").doesNotEndWith(System.lineSeparator());
    Progress.endOpenLine(out);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(drawn + System.lineSeparator());
    Progress.endOpenLine(out); // nothing left open
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(drawn + System.lineSeparator());
    bar.close();
    int size = bytes.size();
    Progress.endOpenLine(out);
    assertThat(bytes.size()).isEqualTo(size);
  }
}
