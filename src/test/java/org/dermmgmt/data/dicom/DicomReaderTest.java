package org.dermmgmt.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.image.ImageDecoder;
import org.dermmgmt.data.image.RgbImage;
import org.dermmgmt.data.image.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DICOM files written by pydicom and dcmtk, read back by {@link DicomReader}. */
class DicomReaderTest {
  @TempDir Path dir;
  static final RgbImage PATTERN = TestImages.pattern(60, 40);

  @Test
  void uncompressedRgbIsExactInEveryLayoutAndSopClass() throws Exception {
    String[][] variants = {
      {"--sop", "vlp"},
      {"--sop", "derm", "--planar", "1"},
      {"--sop", "sc", "--syntax", "implicit"},
      {"--sop", "derm", "--syntax", "implicit", "--planar", "1"},
    };
    for (String[] v : variants) {
      Path f = DicomTools.pydicom(dir, PATTERN, "rgb" + String.join("", v) + ".dcm", v);
      DicomImage d = DicomReader.read(f);
      assertThat(TestImages.maxDiff(d.image(), PATTERN)).as(String.join(" ", v)).isZero();
      assertThat(d.photometric()).isEqualTo("RGB");
      // The generic entry point sniffs DICOM from the content, whatever the name.
      assertThat(ImageDecoder.decode(f).rgb()).isEqualTo(PATTERN.rgb());
    }
  }

  @Test
  void ybrFullIsConvertedBackWithinRounding() throws Exception {
    for (String planar : new String[] {"0", "1"}) {
      Path f = DicomTools.pydicom(dir, PATTERN, "ybr" + planar + ".dcm", "--photometric", "YBR_FULL", "--planar", planar);
      DicomImage d = DicomReader.read(f);
      assertThat(d.photometric()).isEqualTo("YBR_FULL");
      // pydicom rounds to 8-bit YCbCr, we round back: at most 2 levels apart.
      assertThat(TestImages.maxDiff(d.image(), PATTERN)).isLessThanOrEqualTo(2);
    }
    // 4:2:2 shares the chroma of pixel pairs; the pattern's colour changes slowly between them.
    DicomImage sub = DicomReader.read(DicomTools.pydicom(dir, PATTERN, "ybr422.dcm", "--photometric", "YBR_FULL_422"));
    assertThat(sub.photometric()).isEqualTo("YBR_FULL_422");
    assertThat(TestImages.maxDiff(sub.image(), PATTERN)).isLessThanOrEqualTo(4);
  }

  @Test
  void monochromeKeepsTheStoredValuesAndMonochrome1IsInverted() throws Exception {
    RgbImage m2 = DicomReader.read(DicomTools.pydicom(dir, PATTERN, "m2.dcm", "--photometric", "MONOCHROME2")).image();
    RgbImage m1 = DicomReader.read(DicomTools.pydicom(dir, PATTERN, "m1.dcm", "--photometric", "MONOCHROME1")).image();
    RgbImage m16 = DicomReader.read(
        DicomTools.pydicom(dir, PATTERN, "m16.dcm", "--photometric", "MONOCHROME2", "--bits", "16")).image();
    for (int[] p : new int[][] {{0, 0}, {59, 39}, {45, 10}}) {
      int red = PATTERN.get(p[0], p[1], 0);
      for (int c = 0; c < 3; c++) {
        assertThat(m2.get(p[0], p[1], c)).isEqualTo(red);
        assertThat(m16.get(p[0], p[1], c)).isEqualTo(red);
        assertThat(m1.get(p[0], p[1], c)).isEqualTo(255 - red);
      }
    }
  }

  @Test
  void patientSexIsAvailable() throws Exception {
    assertThat(DicomReader.read(DicomTools.pydicom(dir, PATTERN, "f.dcm", "--sex", "F")).sex()).hasValue("female");
    assertThat(DicomReader.read(DicomTools.pydicom(dir, PATTERN, "m.dcm", "--sex", "M")).sex()).hasValue("male");
    DicomImage none = DicomReader.read(DicomTools.pydicom(dir, PATTERN, "o.dcm"));
    assertThat(none.sex()).isEmpty();
    assertThat(none.patientSex()).isEmpty();
  }

  @Test
  void img2dcmJpegDecodesToTheJpegsPixels() throws Exception {
    DicomTools.dcmtkOrSkip("img2dcm");
    Path jpeg = Files.write(dir.resolve("lesion.jpg"), TestImages.jpeg(PATTERN, false));
    RgbImage expected = ImageDecoder.decode(jpeg);
    for (String sop : new String[] {"-sc", "-vlp"}) {
      Path dcm = dir.resolve("img2dcm" + sop + ".dcm");
      DicomTools.run(dir, "img2dcm", sop, "-k", "PatientSex=M", jpeg.toString(), dcm.toString());
      DicomImage d = DicomReader.read(dcm);
      assertThat(d.transferSyntaxUid()).isEqualTo(Uids.JPEG_BASELINE);
      assertThat(d.sopClassUid()).isEqualTo(sop.equals("-vlp") ? Uids.VL_PHOTOGRAPHIC_IMAGE : Uids.SECONDARY_CAPTURE_IMAGE);
      assertThat(d.sex()).hasValue("male");
      assertThat(d.image().rgb()).isEqualTo(expected.rgb());
    }
  }

  @Test
  void unsupportedTransferSyntaxesAreNamed() throws Exception {
    DicomTools.dcmtkOrSkip("dcmcrle");
    Path plain = DicomTools.pydicom(dir, PATTERN, "plain.dcm");
    Path rle = dir.resolve("rle.dcm");
    DicomTools.run(dir, "dcmcrle", plain.toString(), rle.toString());
    assertRefused(rle, "1.2.840.10008.1.2.5 (RLE Lossless)");
    Path big = dir.resolve("big.dcm");
    DicomTools.run(dir, "dcmconv", "+tb", plain.toString(), big.toString());
    assertRefused(big, "1.2.840.10008.1.2.2 (Explicit VR Big Endian)");
    assertRefused(DicomTools.pydicom(dir, PATTERN, "j2k.dcm", "--syntax", "j2k"),
        "1.2.840.10008.1.2.4.90 (JPEG 2000 Image Compression (Lossless Only))");
    assertRefused(DicomTools.pydicom(dir, PATTERN, "pyrle.dcm", "--syntax", "rle"), "RLE Lossless");
  }

  @Test
  void otherObjectsAndDamagedFilesAreRefusedByName() throws Exception {
    assertRefused(DicomTools.pydicom(dir, PATTERN, "ct.dcm", "--sop", "ct"), "CT Image Storage", "not a photograph");
    assertRefused(DicomTools.pydicom(dir, PATTERN, "frames.dcm", "--frames", "3"), "3 frames");
    Path whole = DicomTools.pydicom(dir, PATTERN, "whole.dcm");
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.dcm"), Arrays.copyOf(bytes, bytes.length - 500));
    assertRefused(cut, "truncated");
    Path header = Files.write(dir.resolve("header.dcm"), Arrays.copyOf(bytes, 200));
    assertRefused(header, "truncated");
    Path tiny = DicomTools.pydicom(dir, TestImages.pattern(6, 6), "tiny.dcm");
    assertRefused(tiny, "too small");
  }

  private static void assertRefused(Path file, String... parts) {
    assertThatThrownBy(() -> ImageDecoder.decode(file))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(file.toString())
        .satisfies(e -> {
          for (String p : parts) {
            assertThat(e.getMessage()).contains(p);
          }
        });
  }
}
