package org.dermmgmt.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dermmgmt.data.RealData;
import org.dermmgmt.data.image.JpegDecoder;
import org.dermmgmt.data.image.RgbImage;
import org.junit.jupiter.api.Test;

class QualityGateTest {
  private static final QualityGate GATE = QualityGate.defaults();
  private static final RgbImage SKIN = Degrade.syntheticSkin(768, 512, 7);

  /** The degradations of the tests, each with the check it must fire. */
  private record Damage(String name, UnaryOperator<RgbImage> apply, QualityCheck fires) {}

  private static final List<Damage> DAMAGES = List.of(
      new Damage("downscaled x4", i -> Degrade.downscale(i, 4), QualityCheck.SIZE),
      new Damage("darkened x0.1", i -> Degrade.gain(i, 0.1), QualityCheck.DARK),
      new Damage("brightened x6", i -> Degrade.gain(i, 6), QualityCheck.OVEREXPOSED),
      new Damage("gaussian blur sigma 6", i -> Degrade.gaussianBlur(i, 6), QualityCheck.BLUR),
      new Damage("green cast", i -> Degrade.channelGain(i, 0.55, 1.2, 0.75),
          QualityCheck.COLOUR_CAST),
      new Damage("blue cast", i -> Degrade.channelGain(i, 0.4, 0.75, 1.4),
          QualityCheck.COLOUR_CAST));

  @Test
  void aSyntheticSkinPhotoPassesEveryCheck() {
    QualityReport r = GATE.check("clinic", SKIN);
    assertThat(r.failures()).isEmpty();
    assertThat(r.passed()).isTrue();
    assertThat(r.results()).extracting(QualityReport.Result::check)
        .containsExactlyElementsOf(QualityCheck.ALL);
  }

  @Test
  void eachDamageFiresItsCheckOnTheSyntheticPhoto() {
    for (Damage d : DAMAGES) {
      QualityReport r = GATE.check("clinic", d.apply().apply(SKIN));
      assertThat(r.failures()).as(d.name()).extracting(QualityReport.Result::check)
          .contains(d.fires());
      assertThat(r.passed()).isFalse();
    }
  }

  @Test
  void blurFiresBlurAloneNotUniformOrExposure() {
    QualityReport r = GATE.check("derm", Degrade.gaussianBlur(SKIN, 6));
    assertThat(r.failures()).extracting(QualityReport.Result::check)
        .containsExactly(QualityCheck.BLUR);
    QualityReport.Result blur = r.firstFailure().orElseThrow();
    assertThat(blur.value()).isLessThan(20.0);
    assertThat(blur.threshold()).isEqualTo(20.0);
    assertThat(blur.describe()).startsWith("BLUR: laplacian_variance ").contains(" < 20");
  }

  @Test
  void greyPaperIsReferredAsUniform() {
    QualityReport r = GATE.check("clinic", Degrade.greyPaper(768, 512, 3));
    assertThat(r.firstFailure()).get().extracting(QualityReport.Result::check)
        .isEqualTo(QualityCheck.UNIFORM);
    assertThat(r.firstFailure().get().value()).isGreaterThan(0.85);
    // Paper is neither dark nor blown out nor coloured: only the content checks fire.
    assertThat(r.failures()).extracting(QualityReport.Result::check)
        .doesNotContain(QualityCheck.DARK, QualityCheck.OVEREXPOSED, QualityCheck.COLOUR_CAST,
            QualityCheck.SIZE);
  }

  @Test
  void darkeningIsReportedAsDarkFirst() {
    QualityReport r = GATE.check("clinic", Degrade.gain(SKIN, 0.1));
    assertThat(r.firstFailure().get().check()).isEqualTo(QualityCheck.DARK);
    assertThat(r.firstFailure().get().value()).isBetween(10.0, 20.0);
  }

  @Test
  void aThresholdCanBeChangedPerCheck() {
    QualityGate strict = GATE.with(QualityCheck.SIZE, 1000);
    assertThat(strict.check("clinic", SKIN).failures()).extracting(QualityReport.Result::check)
        .containsExactly(QualityCheck.SIZE);
    assertThat(GATE.threshold(QualityCheck.SIZE)).isEqualTo(224.0);
  }

  @Test
  void castIsZeroForRedYellowMeansAndGrowsTowardsGreenOrBlue() {
    assertThat(ImageMeasures.castOf(20, 25)).isZero();
    assertThat(ImageMeasures.castOf(-3, 4)).isEqualTo(3.0);
    assertThat(ImageMeasures.castOf(-3, -4)).isEqualTo(5.0);
  }

  /** The damages fire on real images too: every 49th Derm7pt image that passes the gate. */
  @Test
  void eachDamageFiresItsCheckOnRealImages() throws IOException {
    Path root = RealData.rootOrSkip();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root.resolve("images"))) {
      files = s.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().toList();
    }
    int tested = 0;
    for (int k = 0; k < files.size(); k += 49) {
      RgbImage img = JpegDecoder.decode(files.get(k));
      if (!GATE.check("real", img).passed()) {
        continue;
      }
      tested++;
      for (Damage d : DAMAGES) {
        Set<QualityCheck> failed = Set.copyOf(GATE.check("real", d.apply().apply(img)).failures()
            .stream().map(QualityReport.Result::check).toList());
        assertThat(failed).as("%s of %s", d.name(), files.get(k)).contains(d.fires());
      }
    }
    assertThat(tested).isGreaterThanOrEqualTo(20);
  }
}
