package org.dermmgmt.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.RealData;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.image.ImageDecoder;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Derm7pt photos turned into DICOM by independent tools decode to the JPEG's own pixels, so
 * the model sees the same input and gives the same prediction (skipped without ../shared).
 */
class RealDicomTest {
  @TempDir Path dir;

  @Test
  void img2dcmAndUncompressedCopiesOfRealPhotosGiveTheSamePixelsAndModelInput() throws Exception {
    Path root = RealData.rootOrSkip();
    DicomTools.dcmtkOrSkip("img2dcm");
    Derm7ptRelease release = Derm7ptRelease.open(root);
    LesionCase c = release.split(Split.TRAIN).get(0);
    ImagePipeline pipeline = ImagePipeline.builder().setSize(224).optCacheBytes(0).build();
    int files = 0;
    for (String ref : new String[] {c.clinic(), c.derm()}) {
      Path jpeg = release.image(ref).toAbsolutePath();
      RgbImage expected = ImageDecoder.decode(jpeg);
      Path encapsulated = dir.resolve("jpeg" + files + ".dcm");
      DicomTools.run(dir, "img2dcm", "-vlp", jpeg.toString(), encapsulated.toString());
      Path uncompressed = DicomTools.pydicom(dir, expected, "raw" + files + ".dcm", "--sop", "derm");
      for (Path dcm : new Path[] {encapsulated, uncompressed}) {
        assertThat(ImageDecoder.decode(dcm).rgb()).as(dcm + " from " + jpeg).isEqualTo(expected.rgb());
        assertThat(pipeline.eval(dcm)).containsExactly(pipeline.eval(jpeg));
      }
      files++;
    }
    assertThat(files).isEqualTo(2);
  }

  @Test
  void aRealPhotoAndItsDicomsGetTheSamePredictionWithTestTimeViews() throws Exception {
    Path root = RealData.rootOrSkip();
    DicomTools.dcmtkOrSkip("img2dcm");
    // Any model with test-time views shows it; a tiny one trained on synthetic cases takes seconds.
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    Path data = org.dermmgmt.data.synthetic.SyntheticDerm7pt.write(dir.resolve("syn"), 30, 40, 5);
    Path run = dir.resolve("run");
    org.dermmgmt.cli.CliRun t = org.dermmgmt.cli.CliRun.of("train", "--data", data.toString(), "--out",
        run.toString(), "--task", "multi", "--backbone", "tiny", "--image-size", "32", "--freeze-backbone",
        "--epochs", "1");
    assertThat(t.exit()).as(t.all()).isZero();
    Derm7ptRelease release = Derm7ptRelease.open(root);
    LesionCase c = release.split(Split.VALID).get(0);
    Path jpeg = release.image(c.clinic()).toAbsolutePath();
    Path encapsulated = dir.resolve("clinic-jpeg.dcm");
    DicomTools.run(dir, "img2dcm", "-vlp", jpeg.toString(), encapsulated.toString());
    Path uncompressed = DicomTools.pydicom(dir, ImageDecoder.decode(jpeg), "clinic-raw.dcm");
    String[] common = {"predict", "--model", run.toString(), "--derm", release.image(c.derm()).toString(),
        "--sex", c.sex(), "--location", c.location(), "--elevation", c.elevation(), "--json", "--clinic"};
    String expected = predict(common, jpeg);
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(expected).at("/model/views").asInt())
        .as("the run averages test-time views").isPositive();
    assertThat(predict(common, encapsulated)).as("img2dcm").isEqualTo(expected);
    assertThat(predict(common, uncompressed)).as("uncompressed").isEqualTo(expected);
  }

  private static String predict(String[] common, Path clinic) {
    String[] args = java.util.Arrays.copyOf(common, common.length + 1);
    args[common.length] = clinic.toString();
    org.dermmgmt.cli.CliRun r = org.dermmgmt.cli.CliRun.of(args);
    assertThat(r.exit()).as(r.all()).isZero();
    return r.out();
  }
}
