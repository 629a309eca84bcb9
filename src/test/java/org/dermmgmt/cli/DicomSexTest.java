package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dermmgmt.data.dicom.DicomTools;
import org.dermmgmt.data.image.ImageDecoder;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict takes the sex from a DICOM image's PatientSex when --sex is not given (issue #14). */
class DicomSexTest {
  @TempDir static Path dir;
  static Path data;
  static Path run;

  @BeforeAll
  static void train() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = SyntheticDerm7pt.write(dir.resolve("syn"), 30, 40, 5);
    run = dir.resolve("run");
    // The frozen preset averages test-time views: the view seeds must follow the pixels, not the file.
    CliRun t = CliRun.of("train", "--data", data.toString(), "--out", run.toString(), "--task", "multi",
        "--backbone", "tiny", "--image-size", "32", "--freeze-backbone", "--epochs", "1");
    assertThat(t.exit()).as(t.all()).isZero();
  }

  @Test
  void aDicomOrPngOfAJpegGetsTheJpegsPredictionWithTestTimeViews() throws Exception {
    DicomTools.dcmtkOrSkip("img2dcm");
    List<Path> jpegs;
    try (Stream<Path> s = Files.walk(data.resolve("images"))) {
      jpegs = s.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().limit(2).toList();
    }
    Path dcm = dir.resolve("wrapped.dcm");
    DicomTools.run(dir, "img2dcm", "-vlp", jpegs.get(0).toString(), dcm.toString());
    Path png = dir.resolve("same-pixels.png");
    javax.imageio.ImageIO.write(ImageDecoder.decode(jpegs.get(0)).toBufferedImage(), "png", png.toFile());
    String[] common = {"predict", "--model", run.toString(), "--derm", jpegs.get(1).toString(), "--sex", "female",
        "--location", "back", "--elevation", "flat", "--json"};
    CliRun fromJpeg = CliRun.of(concat(common, "--clinic", jpegs.get(0).toString()));
    assertThat(fromJpeg.exit()).as(fromJpeg.all()).isZero();
    assertThat(com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(fromJpeg.out())
        .at("/model/views").asInt()).as("the run averages test-time views").isPositive();
    for (Path other : List.of(dcm, png)) {
      CliRun r = CliRun.of(concat(common, "--clinic", other.toString()));
      assertThat(r.exit()).as(r.all()).isZero();
      assertThat(r.out()).as(other.toString()).isEqualTo(fromJpeg.out());
    }
  }

  @Test
  void patientSexStandsInForAMissingSexAndGivesTheSamePrediction() throws Exception {
    DicomTools.pythonOrSkip();
    List<Path> jpegs;
    try (Stream<Path> s = Files.walk(data.resolve("images"))) {
      jpegs = s.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().limit(2).toList();
    }
    Path female = DicomTools.pydicom(dir, ImageDecoder.decode(jpegs.get(0)), "f.dcm", "--sex", "F");
    Path unknown = DicomTools.pydicom(dir, ImageDecoder.decode(jpegs.get(0)), "u.dcm");
    String[] common = {"predict", "--model", run.toString(), "--derm", jpegs.get(1).toString(), "--location", "back",
        "--elevation", "flat", "--json"};

    CliRun fromDicom = CliRun.of(concat(common, "--clinic", female.toString()));
    assertThat(fromDicom.exit()).as(fromDicom.all()).isZero();
    assertThat(fromDicom.err()).contains("sex female from PatientSex of " + female);
    CliRun given = CliRun.of(concat(common, "--clinic", female.toString(), "--sex", "female"));
    assertThat(given.exit()).as(given.all()).isZero();
    assertThat(fromDicom.out()).isEqualTo(given.out());

    CliRun none = CliRun.of(concat(common, "--clinic", unknown.toString()));
    assertThat(none.exit()).as(none.all()).isEqualTo(2);
    assertThat(none.lastErrLine()).contains("sex").doesNotContain("Exception");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
