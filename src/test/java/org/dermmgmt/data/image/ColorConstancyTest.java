package org.dermmgmt.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;

class ColorConstancyTest {

  /** A textured grey scene lit by a light of colour {@code light} (per-channel gains). */
  private static RgbImage lit(double[] light, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int w = 64;
    int h = 48;
    byte[] rgb = new byte[3 * w * h];
    for (int i = 0; i < w * h; i++) {
      double grey = 40 + rng.nextInt(150);
      for (int c = 0; c < 3; c++) {
        rgb[3 * i + c] = (byte) Math.min(255, Math.round(grey * light[c]));
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static double[] means(RgbImage im) {
    double[] m = new double[3];
    for (int i = 0; i < im.rgb().length; i++) {
      m[i % 3] += im.rgb()[i] & 0xff;
    }
    int n = im.width() * im.height();
    return new double[] {m[0] / n, m[1] / n, m[2] / n};
  }

  @Test
  void shadesOfGrayTurnsACastLightGrey() {
    RgbImage warm = lit(new double[] {1.25, 1.0, 0.7}, 1);
    double[] before = means(warm);
    double[] after = means(ColorConstancy.SHADES_OF_GRAY.apply(warm));
    assertThat(before[0] / before[2]).isGreaterThan(1.7);
    assertThat(after[0] / after[2]).as("red over blue, corrected").isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.03));
    assertThat(after[1] / after[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.03));
    // The same scene under two lights looks alike after the correction.
    double[] cold = means(ColorConstancy.SHADES_OF_GRAY.apply(lit(new double[] {0.8, 0.95, 1.2}, 1)));
    for (int c = 0; c < 3; c++) {
      assertThat(cold[c]).isCloseTo(after[c], org.assertj.core.data.Offset.offset(3.0));
    }
  }

  @Test
  void aGreySceneAndNoneAreLeftAlone() {
    RgbImage grey = lit(new double[] {1, 1, 1}, 2);
    RgbImage corrected = ColorConstancy.SHADES_OF_GRAY.apply(grey);
    for (int i = 0; i < grey.rgb().length; i++) {
      assertThat(Math.abs((corrected.rgb()[i] & 0xff) - (grey.rgb()[i] & 0xff))).isLessThanOrEqualTo(1);
    }
    assertThat(ColorConstancy.NONE.apply(grey)).isSameAs(grey);
    RgbImage black = new RgbImage(4, 4, new byte[48]);
    assertThat(ColorConstancy.SHADES_OF_GRAY.apply(black)).isSameAs(black);
  }

  @Test
  void parsesTheOptionAndNamesItWhenWrong() {
    assertThat(ColorConstancy.parse(null)).isEqualTo(ColorConstancy.NONE);
    assertThat(ColorConstancy.parse("Shades-of-Gray")).isEqualTo(ColorConstancy.SHADES_OF_GRAY);
    assertThat(ColorConstancy.SHADES_OF_GRAY.label()).isEqualTo("shades-of-gray");
    assertThatThrownBy(() -> ColorConstancy.parse("grey-world"))
        .isInstanceOf(UserInputException.class)
        .hasMessage("--color-constancy: expected none or shades-of-gray, got 'grey-world'");
  }

  @Test
  void thePipelineAppliesItToTheBaseImage() {
    RgbImage warm = lit(new double[] {1.25, 1.0, 0.7}, 3);
    ImagePipeline plain = ImagePipeline.builder().setSize(32).optBorderCrop(0).build();
    ImagePipeline constant = ImagePipeline.builder().setSize(32).optBorderCrop(0)
        .optColorConstancy(ColorConstancy.SHADES_OF_GRAY).build();
    double[] a = means(plain.toBase(warm));
    double[] b = means(constant.toBase(warm));
    assertThat(a[0] / a[2]).isGreaterThan(1.7);
    assertThat(b[0] / b[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
  }
}
