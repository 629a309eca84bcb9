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
}
