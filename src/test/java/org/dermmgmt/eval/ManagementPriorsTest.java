package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementPriorsTest {
  final ManagementPriors paper = ManagementPriors.paperWholeDataset();

  @Test
  void oneHotDiagnosisGivesTheRow() {
    double[] oneHot = new double[5];
    oneHot[DiagnosisGroup.NEV.ordinal()] = 1;
    assertThat(paper.infer(oneHot))
        .containsExactly(new double[] {29.0 / 575, 268.0 / 575, 278.0 / 575}, within(1e-12));
    assertThat(paper.row(DiagnosisGroup.MISC))
        .containsExactly(new double[] {50.0 / 97, 24.0 / 97, 23.0 / 97}, within(1e-12));
    assertThat(paper.row(DiagnosisGroup.MEL)).containsExactly(0.0, 0.0, 1.0);
  }

  @Test
  void clncIsNeverTheArgmaxUnderWholeDatasetPriors() {
    // paper.md §3 point 3: CLNC beating EXC needs P(NEV) < 0.59·P(MISC), beating NONE needs
    // P(NEV) > 0.64·P(MISC); both cannot hold. Check on seeded random probability vectors,
    // uniform on the simplex and also concentrated on NEV/MISC where the margin is smallest.
    SplittableRandom rng = new SplittableRandom(20210408L);
    for (int t = 0; t < 100_000; t++) {
      double[] p = new double[5];
      double sum = 0;
      for (int d = 0; d < 5; d++) {
        double w = -Math.log(1 - rng.nextDouble()); // Exp(1) → Dirichlet(1,...,1)
        if (t % 2 == 1 && d != DiagnosisGroup.NEV.ordinal() && d != DiagnosisGroup.MISC.ordinal()) {
          w *= 0.01;
        }
        p[d] = w;
        sum += w;
      }
      for (int d = 0; d < 5; d++) {
        p[d] /= sum;
      }
      double[] m = paper.infer(p);
      assertThat(m[0] + m[1] + m[2]).isCloseTo(1.0, within(1e-12));
      assertThat(EvaluatedCase.argmax(m)).isNotEqualTo(Management.CLNC.ordinal());
    }
  }

  @Test
  void estimateSmoothingAndEmptyGroup() {
    List<Map.Entry<DiagnosisGroup, Management>> pairs = List.of(
        Map.entry(DiagnosisGroup.NEV, Management.CLNC),
        Map.entry(DiagnosisGroup.NEV, Management.CLNC),
        Map.entry(DiagnosisGroup.NEV, Management.EXC),
        Map.entry(DiagnosisGroup.MEL, Management.EXC));
    ManagementPriors raw = ManagementPriors.estimate(pairs);
    assertThat(raw.row(DiagnosisGroup.NEV))
        .containsExactly(new double[] {0, 2.0 / 3, 1.0 / 3}, within(1e-12));
    // No SK cases: uniform.
    assertThat(raw.row(DiagnosisGroup.SK))
        .containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(1e-12));
    ManagementPriors smooth = ManagementPriors.estimate(pairs, 1.0);
    // (0+1)/(3+3), (2+1)/6, (1+1)/6
    assertThat(smooth.row(DiagnosisGroup.NEV))
        .containsExactly(new double[] {1.0 / 6, 3.0 / 6, 2.0 / 6}, within(1e-12));
    assertThat(smooth.counts()[DiagnosisGroup.NEV.ordinal()]).containsExactly(0, 2, 1);
  }

  @Test
  void jsonRoundTrip(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("priors.json");
    paper.write(f);
    ManagementPriors back = ManagementPriors.read(f);
    assertThat(back.counts()).isDeepEqualTo(paper.counts());
    assertThat(back.laplace()).isZero();
    java.nio.file.Files.writeString(f, "{\"counts\": {\"BCC\": [1, 2]}}");
    assertThatThrownBy(() -> ManagementPriors.read(f))
        .isInstanceOf(UserInputException.class).hasMessageContaining("counts.BCC");
  }

  @Test
  void inferCasesReplacesManagementProbabilities() {
    List<EvaluatedCase> infr = paper.inferCases(Fixtures.smallWithDiagnosis());
    EvaluatedCase c = infr.get(0);
    assertThat(c.pManagement()).containsExactly(paper.infer(c.pDiagnosis()), within(1e-15));
  }
}
