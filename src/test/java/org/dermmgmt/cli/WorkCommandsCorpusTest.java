package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.image.RgbImage;
import org.dermmgmt.data.image.TestImages;
import org.dermmgmt.data.synthetic.SyntheticTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus for the commands that do work ({@code predict --cases}, {@code evaluate},
 * {@code train}), as {@link BadInputCorpusTest} is for {@code data check}: unusual but valid CSVs
 * and images are accepted and predicted; bad ones are refused with exit 2 and one line naming the
 * file, the row or case and the field, without a stack trace, and a refused training leaves no
 * run behind. The test prints how many cases it tried.
 */
class WorkCommandsCorpusTest {
  @TempDir static Path dir;
  static Path table;
  static Path run;
  static final ObjectMapper JSON = new ObjectMapper();
  private int accepted;
  private int refused;

  @BeforeAll
  static void train() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    table = SyntheticTable.write(dir.resolve("t"), 30, 40, 3);
    run = dir.resolve("run");
    CliRun t = CliRun.of("train", "--data", table.toString(), "--out", run.toString(), "--task", "mgmt",
        "--backbone", "tiny", "--image-size", "32", "--epochs", "1", "--freeze-backbone");
    assertThat(t.exit()).as(t.all()).isZero();
  }

  @Test
  void predictCasesAcceptsRealWorldFilesAndRefusesBadOnes() throws Exception {
    Path images = Files.createDirectories(dir.resolve("cases"));
    RgbImage pattern = TestImages.pattern(48, 36);
    byte[] jpeg = TestImages.jpeg(pattern, false);
    Map<String, byte[]> good = new LinkedHashMap<>();
    good.put("baseline.jpg", jpeg);
    good.put("UPPER.JPEG", jpeg);
    good.put("progressive.jpg", TestImages.jpeg(pattern, true));
    good.put("cmyk.jpg", TestImages.cmykJpeg(48, 36, (x, y) -> new int[] {x * 5, y * 7, 40, 10}));
    good.put("rotated.jpg", TestImages.withOrientation(jpeg, 6, false));
    good.put("png8.png", TestImages.png(pattern.toBufferedImage()));
    good.put("grey8.png", TestImages.png(new BufferedImage(48, 36, BufferedImage.TYPE_BYTE_GRAY)));
    good.put("grey16.png", TestImages.png(new BufferedImage(48, 36, BufferedImage.TYPE_USHORT_GRAY)));
    good.put("alpha.png", TestImages.png(new BufferedImage(48, 36, BufferedImage.TYPE_INT_ARGB)));
    StringBuilder rows = new StringBuilder();
    int i = 0;
    for (Map.Entry<String, byte[]> e : good.entrySet()) {
      Files.write(images.resolve(e.getKey()), e.getValue());
      rows.append("c").append(++i).append(",cases/").append(e.getKey()).append(",cases/baseline.jpg,female,back,flat\n");
    }
    String header = "case_id,clinic,derm,sex,location,elevation\n";
    String csv = header + rows;
    // Accepted: every image kind in one table, then the CSV's real-world shapes.
    acceptCases("images", csv, good.size());
    acceptCases("bom", "\uFEFF" + csv, good.size());
    acceptCases("crlf", csv.replace("\n", "\r\n"), good.size());
    acceptCases("quoted-comma", csv.replaceFirst("\n", ",notes\n")
        .replaceAll("(?m)^(c[0-9]+,.*)$", "$1,\"seen twice, photo again\""), good.size());
    acceptCases("reordered", "elevation,location,sex,derm,clinic,case_id\n"
        + csv.lines().skip(1).map(l -> {
          List<String> f = new ArrayList<>(Arrays.asList(l.split(",")));
          java.util.Collections.reverse(f);
          return String.join(",", f);
        }).reduce("", (a, b) -> a + b + "\n"), good.size());
    acceptCases("blank-lines", csv.replace("\n", "\n\n"), good.size());

    // Refused: one line naming the file, the row and the field.
    String first = rows.toString().lines().findFirst().orElseThrow();
    refuseCases("missing-column", csv.replace("elevation", "elev"), "missing column 'elevation'");
    refuseCases("unknown-location", header + first.replace(",back,", ",scalp,") + "\n",
        "row 1 (line 2)", "unknown location 'scalp'");
    refuseCases("duplicate-id", csv + first + "\n", "field case_id: case c1 appears again (first at row 1)");
    refuseCases("missing-image", header + first.replace("cases/baseline.jpg,female", "cases/gone.jpg,female") + "\n",
        "row 1 (line 2)", "column derm", "gone.jpg: no such file");
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("page.jpg", "<!DOCTYPE html><html><body>404</body></html>".getBytes(StandardCharsets.UTF_8));
    bad.put("empty.jpg", new byte[0]);
    bad.put("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
    bad.put("icon.png", TestImages.png(TestImages.pattern(4, 4).toBufferedImage()));
    bad.put("bomb.png", TestImages.pngBomb(30000, 30000));
    List<String> why = List.of("not a JPEG or PNG image", "is empty", "truncated", "too small", "before decoding");
    int k = 0;
    for (Map.Entry<String, byte[]> e : bad.entrySet()) {
      Files.write(images.resolve(e.getKey()), e.getValue());
      refuseCases("image-" + e.getKey(), header + first.replace("cases/baseline.jpg,cases/", "cases/" + e.getKey() + ",cases/") + "\n",
          "row 1 (line 2), case c1, field clinic: ", e.getKey(), why.get(k++));
    }
    System.out.println("predict --cases corpus: " + (accepted + refused) + " cases tried, " + accepted
        + " accepted, " + refused + " refused");
    assertThat(accepted + refused).isEqualTo(15);
  }

  @Test
  void evaluateAndTrainRefuseBadTablesInOneLineAndLeaveNoRun() throws Exception {
    String csv = Files.readString(table);
    String header = csv.substring(0, csv.indexOf('\n') + 1);
    List<String> lines = csv.lines().skip(1).toList();
    String valid = lines.stream().filter(l -> l.endsWith(",valid")).findFirst().orElseThrow();
    String[] f = valid.split(",");
    String id = f[0];
    Path folder = table.getParent();
    Files.write(folder.resolve("images/cut.jpg"), Arrays.copyOf(Files.readAllBytes(folder.resolve(f[1])), 200));
    Files.writeString(folder.resolve("images/notes.jpg"), "seen on Monday\n");
    String cut = csv.replace(valid, valid.replaceFirst(",[^,]+,", ",images/cut.jpg,"));
    String text = csv.replace(valid, valid.replaceFirst(",[^,]+,", ",images/notes.jpg,"));

    refuse(work("evaluate", "cut", cut), "cut.csv: case " + id + ", field clinic: image ", "cut.jpg is truncated");
    refuse(work("evaluate", "text", text), "text.csv: case " + id + ", field clinic: image ", "not a JPEG or PNG image");
    refuse(work("train", "text", text), "text.csv", "notes.jpg", "not a JPEG or PNG image");
    refuse(work("train", "label", csv.replace(valid, valid.replaceFirst(",(NONE|CLNC|EXC),", ",SOMETIMES,"))),
        "label.csv row ", "field management: unknown management 'SOMETIMES'");
    refuse(work("train", "dup", csv + lines.get(0) + "\n"), "dup.csv row 31", "field case_id", "appears again");
    refuse(work("train", "escape", csv.replace(valid, valid.replaceFirst(",[^,]+,", ",../../etc/passwd,"))),
        "escape.csv row ", "field clinic: path ../../etc/passwd leaves the table's folder");
    refuse(work("train", "column", csv.replace(",management,", ",mgmt,")), "column.csv", "missing column management");
    for (String name : List.of("text", "label", "dup", "escape", "column")) {
      assertThat(dir.resolve("train-" + name).resolve("model.params")).as(name).doesNotExist();
    }
    System.out.println("evaluate/train corpus: " + refused + " cases tried, " + refused + " refused");
    assertThat(refused).isEqualTo(7);
  }

  private CliRun work(String command, String name, String csv) throws Exception {
    Path file = Files.writeString(table.getParent().resolve(name + ".csv"), csv);
    Path out = dir.resolve(command + "-" + name);
    return command.equals("train")
        ? CliRun.of("train", "--data", file.toString(), "--out", out.toString(), "--task", "mgmt",
            "--backbone", "tiny", "--image-size", "32", "--epochs", "1", "--freeze-backbone")
        : CliRun.of("evaluate", "--model", run.toString(), "--data", file.toString(), "--split", "valid",
            "--out", out.toString());
  }

  private void acceptCases(String name, String csv, int expected) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".csv"), csv);
    CliRun r = CliRun.of("predict", "--model", run.toString(), "--cases", file.toString(), "--json",
        "--no-quality-gate");
    assertThat(r.exit()).as(name + "\n" + r.all()).isZero();
    JsonNode answers = JSON.readTree(r.out());
    assertThat(answers.size()).as(name).isEqualTo(expected);
    assertThat(answers.get(0).get("id").asText()).as(name).isEqualTo("c1");
    accepted++;
  }

  private void refuseCases(String name, String csv, String... expected) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".csv"), csv);
    CliRun r = CliRun.of("predict", "--model", run.toString(), "--cases", file.toString());
    String[] all = new String[expected.length + 1];
    all[0] = file.toString();
    System.arraycopy(expected, 0, all, 1, expected.length);
    refuse(r, all);
  }

  private void refuse(CliRun r, String... expected) {
    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    String err = r.err().lines().filter(l -> !l.contains("AutoNonVariableTypeMode") && !l.isBlank()
        && !l.contains("%")).reduce((a, b) -> b).orElse("");
    assertThat(err).as(r.all()).startsWith("error: ");
    for (String e : expected) {
      assertThat(err).as(r.all()).contains(e);
    }
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    refused++;
  }
}
