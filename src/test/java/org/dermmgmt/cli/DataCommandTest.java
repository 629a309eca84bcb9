package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

  static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  @Test
  void cleanSyntheticDataPasses() {
    Path data = dir.resolve("clean");
    assertThat(cli("data", "synth", "--out", data.toString(), "--seed", "3").exit()).isZero();
    CliRun r = cli("data", "check", "--data", data.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("cases per split: train 24, valid 18, test 18").contains("problems: 0");
    assertThat(r.lastErrLine()).startsWith("data check: OK");
  }

  @ParameterizedTest
  @EnumSource(Broken.class)
  void everyBrokenVariantIsNamedAndFails(Broken broken) {
    Path data = SyntheticDerm7pt.write(dir.resolve(broken.name()), 30, 16, 5, broken);
    CliRun r = cli("data", "check", "--data", data.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(DataCommand.EXIT_UNUSABLE);
    assertThat(r.lastErrLine()).startsWith("data check: FAILED");
    String named = switch (broken) {
      case MISSING_IMAGE -> "cases lack images";
      case TRUNCATED_IMAGE -> "UNREADABLE_IMAGE";
      default -> broken.name();
    };
    assertThat(r.out()).contains(named);
    assertThat(r.lastErrLine()).contains(named);
    CliRun json = cli("data", "check", "--data", data.toString(), "--json");
    assertThat(json.out()).contains("\"usable\" : false");
  }

  @Test
  void unknownLabelReportsRowColumnAndValue() {
    Path data = SyntheticDerm7pt.write(dir.resolve("label"), 30, 16, 5, Broken.UNKNOWN_LABEL);
    CliRun r = cli("data", "check", "--data", data.toString(), "--json", "--no-decode");
    assertThat(r.out())
        .contains("\"kind\" : \"UNKNOWN_LABEL\"")
        .contains("\"column\" : \"pigment_network\"")
        .contains("\"case_num\" : ")
        .contains("\"value\" : \"sometimes\"")
        .containsPattern("\"row\" : \\d+");
  }

  @Test
  void badInputIsOneLineWithoutStackTrace() {
    CliRun r = cli("data", "check", "--data", dir.resolve("nope").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("error: data directory").contains("nope").doesNotContain("\tat ");
    CliRun s = cli("data", "check", "--data", dir.toString(), "--splits", "dev");
    assertThat(s.exit()).isEqualTo(2);
    assertThat(s.err()).contains("train, valid, test");
  }

  @Test
  void realDataIsUsableForTrainValidButNotForTest() {
    Path root = RealData.rootOrSkip();
    CliRun tv = cli("data", "check", "--data", root.toString(), "--splits", "train,valid", "--no-decode");
    assertThat(tv.exit()).isZero();
    assertThat(tv.out())
        .contains("cases per split: train 413, valid 203, test 395")
        .contains("test: 395 cases lack images: case 4, 7, 9,")
        .doesNotContain("train: 1")
        .contains(", 1011\n");
    CliRun all = cli("data", "check", "--data", root.toString(), "--no-decode");
    assertThat(all.exit()).isEqualTo(DataCommand.EXIT_UNUSABLE);
    assertThat(all.lastErrLine()).contains("test: 395 cases lack images");
  }
}
