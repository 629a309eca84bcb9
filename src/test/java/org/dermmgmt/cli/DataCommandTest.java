package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dermmgmt.data.RealData;
import org.dermmgmt.data.synthetic.Broken;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DataCommandTest {
  @TempDir Path dir;

  /** Exit code, stdout and stderr of one CLI run. */
  record Run(int exit, String out, String err) {
    String lastErrLine() {
      String[] lines = err.strip().split("\\R");
      return lines[lines.length - 1];
    }
  }

  static synchronized Run cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void cleanSyntheticDataPasses() {
    Path data = dir.resolve("clean");
    assertThat(cli("data", "synth", "--out", data.toString(), "--seed", "3").exit()).isZero();
    Run r = cli("data", "check", "--data", data.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("cases per split: train 24, valid 18, test 18").contains("problems: 0");
    assertThat(r.lastErrLine()).startsWith("data check: OK");
  }

  @ParameterizedTest
  @EnumSource(Broken.class)
  void everyBrokenVariantIsNamedAndFails(Broken broken) {
    Path data = SyntheticDerm7pt.write(dir.resolve(broken.name()), 30, 16, 5, broken);
    Run r = cli("data", "check", "--data", data.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(DataCommand.EXIT_UNUSABLE);
    assertThat(r.lastErrLine()).startsWith("data check: FAILED");
    String named = switch (broken) {
      case MISSING_IMAGE -> "cases lack images";
      case TRUNCATED_IMAGE -> "UNREADABLE_IMAGE";
      default -> broken.name();
    };
    assertThat(r.out()).contains(named);
    assertThat(r.lastErrLine()).contains(named);
    Run json = cli("data", "check", "--data", data.toString(), "--json");
    assertThat(json.out()).contains("\"usable\" : false");
  }

  @Test
  void unknownLabelReportsRowColumnAndValue() {
    Path data = SyntheticDerm7pt.write(dir.resolve("label"), 30, 16, 5, Broken.UNKNOWN_LABEL);
    Run r = cli("data", "check", "--data", data.toString(), "--json", "--no-decode");
    assertThat(r.out())
        .contains("\"kind\" : \"UNKNOWN_LABEL\"")
        .contains("\"column\" : \"pigment_network\"")
        .contains("\"case_num\" : ")
        .contains("\"value\" : \"sometimes\"")
        .containsPattern("\"row\" : \\d+");
  }

  @Test
  void badInputIsOneLineWithoutStackTrace() {
    Run r = cli("data", "check", "--data", dir.resolve("nope").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("error: data directory").contains("nope").doesNotContain("\tat ");
    Run s = cli("data", "check", "--data", dir.toString(), "--splits", "dev");
    assertThat(s.exit()).isEqualTo(2);
    assertThat(s.err()).contains("train, valid, test");
  }

  @Test
  void realDataIsUsableForTrainValidButNotForTest() {
    Path root = RealData.rootOrSkip();
    Run tv = cli("data", "check", "--data", root.toString(), "--splits", "train,valid", "--no-decode");
    assertThat(tv.exit()).isZero();
    assertThat(tv.out())
        .contains("cases per split: train 413, valid 203, test 395")
        .contains("test: 395 cases lack images: case 4, 7, 9,")
        .doesNotContain("train: 1")
        .contains(", 1011\n");
    Run all = cli("data", "check", "--data", root.toString(), "--no-decode");
    assertThat(all.exit()).isEqualTo(DataCommand.EXIT_UNUSABLE);
    assertThat(all.lastErrLine()).contains("test: 395 cases lack images");
  }
}
