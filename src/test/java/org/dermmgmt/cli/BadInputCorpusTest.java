package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.dicom.DicomTools;
import org.dermmgmt.data.image.RgbImage;
import org.dermmgmt.data.image.TestImages;
import org.dermmgmt.data.synthetic.SyntheticTable;
import org.dermmgmt.data.table.CaseTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus: case tables and image files as real ones come (accepted) or break
 * (refused), each run through {@code data check} like a user would. Accepted variants exit 0;
 * refused tables exit 2 with one line naming the file, row and field; refused images exit 1 with
 * the file named and what is wrong; nothing prints a stack trace. The test prints the count.
 */
class BadInputCorpusTest {
  @TempDir Path dir;
  private int accepted;
  private int refused;

  @Test
  void everyVariantIsAcceptedOrRefusedClearly() throws Exception {
    Path base = SyntheticTable.write(dir.resolve("t"), 30, 16, 3);
    String csv = Files.readString(base);
    tables(base.getParent(), csv);
    images(base.getParent());
    System.out.println("bad-input corpus: " + (accepted + refused) + " cases tried, " + accepted + " accepted, "
        + refused + " refused");
    assertThat(accepted + refused).isGreaterThanOrEqualTo(50);
  }

  private void tables(Path folder, String csv) throws Exception {
    String header = csv.substring(0, csv.indexOf('\n'));
    String firstRow = csv.lines().skip(1).findFirst().orElseThrow();
    String id = firstRow.substring(0, firstRow.indexOf(','));
    UnaryOperator<String> first = row -> csv.replaceFirst(java.util.regex.Pattern.quote(firstRow),
        java.util.regex.Matcher.quoteReplacement(row));
    // Accepted.
    acceptTable(folder, "plain", csv);
    acceptTable(folder, "bom", "\uFEFF" + csv);
    acceptTable(folder, "crlf", csv.replace("\n", "\r\n"));
    acceptTable(folder, "bom-crlf", "\uFEFF" + csv.replace("\n", "\r\n"));
    acceptTable(folder, "quoted-comma", csv.replaceFirst("\n", ",notes\n").replace("\n" + firstRow + "\n",
        "\n" + firstRow + ",\"seen twice, then excised\"\n"));
    acceptTable(folder, "extra-columns", csv.replaceFirst("\n", ",site,photographer\n").replaceAll("(?m)^(\\d+,.*)$", "$1,x,y"));
    acceptTable(folder, "reordered", reorder(csv));
    acceptTable(folder, "blank-lines", csv.replace("\n", "\n\n") + ",,,,,,,,,,,,,,,,\n");
    acceptTable(folder, "upper-case-header", header.toUpperCase() + csv.substring(header.length()));
    acceptTable(folder, "derm7pt-words", csv.replace(",NONE,", ",no further examination,")
        .replace(",EXC,", ",excision,").replace(",CLNC,", ",clinical follow up,"));
    acceptTable(folder, "no-split-column", withoutLastColumn(csv));
    acceptTable(folder, "backslash-paths", csv.replace("images/", "images\\"));
    acceptTable(folder, "quoted-everything", csv.lines().map(l -> "\"" + l.replace(",", "\",\"") + "\"")
        .reduce("", (a, b) -> a + b + "\n"));
    // Refused, with the file, row and field named.
    refuseTable(folder, "missing-column", csv.replace(",management,", ",mgmt,"), "header: missing column management");
    refuseTable(folder, "unknown-management", first.apply(firstRow.replaceFirst(",(NONE|CLNC|EXC),", ",SOMETIMES,")),
        "row 1 (line 2, case " + id + "), field management: unknown management 'SOMETIMES'");
    refuseTable(folder, "unknown-diagnosis", first.apply(replaceField(firstRow, 7, "pox")), "field diagnosis: unknown diagnosis 'pox'");
    refuseTable(folder, "unknown-criterion", first.apply(replaceField(firstRow, 8, "sometimes")),
        "field pigment_network: unknown pigment_network 'sometimes'");
    refuseTable(folder, "unknown-split", first.apply(replaceField(firstRow, 15, "dev")), "field split: unknown split 'dev'");
    refuseTable(folder, "empty-sex", first.apply(replaceField(firstRow, 3, "")), "field sex: empty sex");
    refuseTable(folder, "empty-case-id", first.apply(replaceField(firstRow, 0, "")), "field case_id: empty case_id");
    refuseTable(folder, "duplicate-id", csv + firstRow + "\n", "field case_id: case " + id + " appears again (first at row 1)");
    refuseTable(folder, "path-escape", first.apply(replaceField(firstRow, 1, "../../etc/passwd")),
        "field clinic: path ../../etc/passwd leaves the table's folder");
    refuseTable(folder, "absolute-path", first.apply(replaceField(firstRow, 2, "/etc/passwd")), "field derm: path /etc/passwd leaves");
    refuseTable(folder, "no-images", first.apply(replaceField(replaceField(firstRow, 1, ""), 2, "")),
        "field clinic: clinic and derm are both empty");
    refuseTable(folder, "short-row", first.apply(firstRow.substring(0, firstRow.lastIndexOf(','))), "has 15 fields");
    refuseTable(folder, "unquoted-comma", first.apply(firstRow + ",extra"), "a comma inside a value must be quoted");
    refuseTable(folder, "header-only", header + "\n", "has no cases");
    refuseTable(folder, "some-criteria", withoutColumn(csv, 9), "give all seven criteria or none");
    refuseTable(folder, "duplicate-column", csv.replaceFirst("\n", ",sex\n").replaceAll("(?m)^(\\d+,.*)$", "$1,male"),
        "column sex appears twice");
    Path latin = folder.resolve("latin1.csv");
    Files.write(latin, csv.replace("back", "dos\u00e9").getBytes(StandardCharsets.ISO_8859_1));
    refuse(cli("data", "check", "--data", latin.toString()), 2, "latin1.csv is not UTF-8");
    // A missing image: data check reports it by name (exit 1); opening the table for work refuses it.
    String missingRef = firstRow.split(",")[2];
    Path gone = folder.resolve(missingRef);
    byte[] keep = Files.readAllBytes(gone);
    Files.delete(gone);
    Path missing = write(folder, "missing-image.csv", csv);
    refuse(cli("data", "check", "--data", missing.toString()), 1, "missing files: " + missingRef);
    assertThatThrownBy(() -> CaseTable.open(missing)).isInstanceOf(UserInputException.class)
        .hasMessageContaining("row 1 (case " + id + "), field ") // clinic: case 1 uses one photo for both
        .hasMessageContaining(": image " + missingRef + " does not exist");
    refused++;
    Files.write(gone, keep);
    // An unknown metadata value for a model's vocabulary (prediction, evaluation).
    Path scalp = write(folder, "scalp.csv", first.apply(replaceField(firstRow, 4, "scalp")));
    acceptTable(folder, "new-location", Files.readString(scalp));
    assertThatThrownBy(() -> CaseTable.builder().setCsv(scalp).optVocabulary(MetadataVocabulary.derm7pt()).open())
        .hasMessageContaining("field location: unknown location 'scalp', expected one of abdomen");
    refused++;
  }

  private void images(Path folder) throws Exception {
    RgbImage pattern = TestImages.pattern(48, 32);
    byte[] jpeg = TestImages.jpeg(pattern, false);
    byte[] png = TestImages.png(pattern.toBufferedImage());
    BufferedImage grey = new BufferedImage(48, 32, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage grey16 = new BufferedImage(48, 32, BufferedImage.TYPE_USHORT_GRAY);
    BufferedImage argb = new BufferedImage(48, 32, BufferedImage.TYPE_INT_ARGB);
    BufferedImage indexed = new BufferedImage(48, 32, BufferedImage.TYPE_BYTE_INDEXED);
    BufferedImage rgba16 = new BufferedImage(new java.awt.image.ComponentColorModel(
        java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), true, false,
        java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_USHORT),
        java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_USHORT, 48, 32, 4, null), false, null);
    acceptImage(folder, "baseline.jpg", jpeg);
    acceptImage(folder, "UPPER.JPEG", jpeg);
    acceptImage(folder, "progressive.jpg", TestImages.jpeg(pattern, true));
    acceptImage(folder, "cmyk.jpg", TestImages.cmykJpeg(48, 32, (x, y) -> new int[] {x * 5, y * 7, 40, 10}));
    acceptImage(folder, "rotated.jpg", TestImages.withOrientation(jpeg, 6, false));
    acceptImage(folder, "png8.png", png);
    acceptImage(folder, "PNG-NAMED.JPG", png);
    acceptImage(folder, "grey8.png", TestImages.png(grey));
    acceptImage(folder, "grey16.png", TestImages.png(grey16));
    acceptImage(folder, "alpha.png", TestImages.png(argb));
    acceptImage(folder, "rgba16.png", TestImages.png(rgba16));
    acceptImage(folder, "palette.png", TestImages.png(indexed));
    refuseImage(folder, "empty.jpg", new byte[0], "is empty");
    refuseImage(folder, "page.jpg", "<!DOCTYPE html>\n<html><body>404</body></html>".getBytes(StandardCharsets.UTF_8),
        "not a JPEG or PNG image", "HTML");
    refuseImage(folder, "notes.png", "patient seen on Monday\n".getBytes(StandardCharsets.UTF_8), "not a JPEG or PNG image");
    refuseImage(folder, "cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "truncated");
    refuseImage(folder, "cut.png", Arrays.copyOf(png, png.length / 2), "truncated");
    refuseImage(folder, "icon.png", TestImages.png(TestImages.pattern(4, 4).toBufferedImage()), "too small", "at least 8x8");
    refuseImage(folder, "bomb.png", TestImages.pngBomb(30000, 30000), "30000x30000", "before decoding");
    refuseImage(folder, "bomb.jpg", TestImages.withJpegSize(jpeg, 40000, 40000), "40000x40000", "before decoding");
    byte[] corrupt = jpeg.clone();
    Arrays.fill(corrupt, corrupt.length / 2, corrupt.length / 2 + 20, (byte) 0xFF);
    corrupt[corrupt.length / 2 + 20] = (byte) 0xD0;
    refuseImage(folder, "corrupt.jpg", corrupt, "damaged");
    byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0};
    refuseImage(folder, "scan.png", tiff, "not a JPEG or PNG image", "TIFF");
    dicom(folder, pattern);
  }

  /** DICOM variants, where the independent writers are installed. */
  private void dicom(Path folder, RgbImage pattern) throws Exception {
    try {
      DicomTools.pythonOrSkip();
    } catch (org.opentest4j.TestAbortedException e) {
      System.out.println("bad-input corpus: DICOM variants skipped (" + e.getMessage() + ")");
      return;
    }
    Path work = Files.createDirectories(dir.resolve("dicom"));
    acceptImage(folder, "photo.dcm", Files.readAllBytes(DicomTools.pydicom(work, pattern, "a.dcm")));
    acceptImage(folder, "IMG0001", Files.readAllBytes(DicomTools.pydicom(work, pattern, "b.dcm", "--photometric", "YBR_FULL")));
    refuseImage(folder, "rle.dcm", Files.readAllBytes(DicomTools.pydicom(work, pattern, "c.dcm", "--syntax", "rle")),
        "1.2.840.10008.1.2.5 (RLE Lossless)");
    refuseImage(folder, "ct.dcm", Files.readAllBytes(DicomTools.pydicom(work, pattern, "d.dcm", "--sop", "ct")),
        "not a photograph");
  }

  private void acceptTable(Path folder, String name, String text) throws Exception {
    Path csv = write(folder, name + ".csv", text);
    CliRun r = cli("data", "check", "--data", csv.toString());
    assertThat(r.exit()).as(name + "\n" + r.all()).isZero();
    assertThat(r.out()).as(name).contains("problems: 0");
    accepted++;
  }

  private void refuseTable(Path folder, String name, String text, String expected) throws Exception {
    Path csv = write(folder, name + ".csv", text);
    CliRun r = cli("data", "check", "--data", csv.toString());
    refuse(r, 2, csv.toString(), expected);
  }

  /** One case whose clinical image is the variant (its dermoscopic image is a good JPEG). */
  private Path oneCase(Path folder, String file, byte[] bytes) throws Exception {
    Path images = Files.createDirectories(folder.resolve("variants"));
    Files.write(images.resolve(file), bytes);
    Files.write(images.resolve("good.jpg"), TestImages.jpeg(TestImages.pattern(40, 30), false));
    return write(folder, "image-" + file.replace('.', '_') + ".csv",
        "case_id,clinic,derm,sex,location,elevation,management,split\n"
            + "1,variants/" + file + ",variants/good.jpg,female,back,flat,NONE,train\n");
  }

  private void acceptImage(Path folder, String file, byte[] bytes) throws Exception {
    CliRun r = cli("data", "check", "--data", oneCase(folder, file, bytes).toString());
    assertThat(r.exit()).as(file + "\n" + r.all()).isZero();
    assertThat(r.out()).contains("images decoded: 2");
    accepted++;
  }

  private void refuseImage(Path folder, String file, byte[] bytes, String... expected) throws Exception {
    CliRun r = cli("data", "check", "--data", oneCase(folder, file, bytes).toString());
    String[] all = new String[expected.length + 1];
    all[0] = "variants/" + file;
    System.arraycopy(expected, 0, all, 1, expected.length);
    refuse(r, 1, all);
    assertThat(r.out()).contains("UNREADABLE_IMAGE");
  }

  private void refuse(CliRun r, int exit, String... expected) {
    assertThat(r.exit()).as(r.all()).isEqualTo(exit);
    String text = exit == 2 ? r.err().strip() : r.out();
    for (String e : expected) {
      assertThat(text).as(r.all()).contains(e);
    }
    if (exit == 2) {
      assertThat(text).startsWith("error: ").doesNotContain("\n");
    }
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    refused++;
  }

  private static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  private static Path write(Path folder, String name, String text) throws Exception {
    return Files.write(folder.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  private static String replaceField(String row, int index, String value) {
    String[] f = row.split(",", -1);
    f[index] = value;
    return String.join(",", f);
  }

  private static String withoutColumn(String csv, int index) {
    List<String> out = new ArrayList<>();
    for (String line : csv.split("\n")) {
      List<String> f = new ArrayList<>(Arrays.asList(line.split(",", -1)));
      f.remove(index);
      out.add(String.join(",", f));
    }
    return String.join("\n", out) + "\n";
  }

  private static String withoutLastColumn(String csv) {
    return withoutColumn(csv, csv.substring(0, csv.indexOf('\n')).split(",").length - 1);
  }

  /** Columns in reverse order. */
  private static String reorder(String csv) {
    List<String> out = new ArrayList<>();
    for (String line : csv.split("\n")) {
      List<String> f = new ArrayList<>(Arrays.asList(line.split(",", -1)));
      java.util.Collections.reverse(f);
      out.add(String.join(",", f));
    }
    return String.join("\n", out) + "\n";
  }
}
