package org.dermmgmt.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.image.ImagePipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDerm7ptTest {
  @TempDir Path dir;

  @Test
  void writesConsistentReleaseV0Layout() throws Exception {
    Path root = SyntheticDerm7pt.write(dir.resolve("a"), 60, 32, 11);
    List<String> lines = Files.readAllLines(root.resolve("meta/meta.csv"));
    assertThat(lines.get(0)).isEqualTo(String.join(",", Derm7ptRelease.COLUMNS));
    assertThat(Files.readAllLines(root.resolve("meta/train_indexes.csv")).get(0)).isEqualTo("indexes");
    Derm7ptRelease r = Derm7ptRelease.open(root);
    assertThat(r.loadProblems()).isEmpty();
    assertThat(r.cases()).hasSize(60);
    assertThat(r.split(Split.TRAIN).size() + r.split(Split.VALID).size() + r.split(Split.TEST).size())
        .isEqualTo(60);
    for (Split s : Split.values()) {
      assertThat(r.split(s).stream().map(LesionCase::management).distinct()).hasSize(3);
    }
    assertThat(r.cases().stream().filter(LesionCase::clinicIsDerm)).hasSize(1);
    assertThat(r.cases().stream().map(LesionCase::derm)).anyMatch(p -> p.endsWith(".JPG"))
        .anyMatch(p -> p.endsWith(".jpg")).anyMatch(p -> p.startsWith("FCl/")).anyMatch(p -> p.startsWith("FCL/"));
    for (LesionCase c : r.cases()) {
      assertThat(c.computedSevenPointScore()).isEqualTo(c.sevenPointScore());
      if (c.group().isMalignant()) {
        assertThat(c.management()).isEqualTo(Management.EXC);
      }
      assertThat(r.image(c.clinic())).isRegularFile();
    }
  }

  @Test
  void sameSeedSameDataAndImagesSeparateClasses() throws Exception {
    Path a = SyntheticDerm7pt.write(dir.resolve("a"), 30, 32, 4);
    Path b = SyntheticDerm7pt.write(dir.resolve("b"), 30, 32, 4);
    assertThat(Files.readString(a.resolve("meta/meta.csv"))).isEqualTo(Files.readString(b.resolve("meta/meta.csv")));
    // Mean brightness of the dermoscopic images orders the classes NONE > CLNC > EXC.
    Derm7ptRelease r = Derm7ptRelease.open(a);
    ImagePipeline p = ImagePipeline.builder().setSize(16).optBorderCrop(0).build();
    double[] mean = new double[3];
    int[] n = new int[3];
    for (LesionCase c : r.cases()) {
      float sum = 0;
      for (float v : p.eval(r.image(c.derm()))) {
        sum += v;
      }
      mean[c.management().ordinal()] += sum;
      n[c.management().ordinal()]++;
    }
    for (int i = 0; i < 3; i++) {
      mean[i] /= n[i];
    }
    assertThat(mean[0]).isGreaterThan(mean[1]);
    assertThat(mean[1]).isGreaterThan(mean[2]);
  }
}
