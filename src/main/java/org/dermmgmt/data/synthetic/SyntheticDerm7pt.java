package org.dermmgmt.data.synthetic;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.MetadataEncoder;
import org.dermmgmt.data.Split;

/**
 * Writes a small fake Derm7pt release in the exact release_v0 layout, for tests and CI runs
 * without the licensed images. Labels are consistent (diagnosis from the real vocabulary,
 * seven_point_score = the criteria's points, management plausible for the diagnosis) and each
 * image's colour and blob size depend on the management class plus noise, so a model can learn.
 * Quirks of the real data are reproduced: folders that differ only by case (FCL, FCl), mixed
 * .jpg/.JPG, and case 1 with {@code clinic == derm}.
 */
public final class SyntheticDerm7pt {
  public static final int DEFAULT_CASES = 60;
  public static final int DEFAULT_WIDTH = 32;

  /** Diagnoses that the real data manages this way (paper.md §2.6), drawn uniformly. */
  private static final Map<Management, List<String>> DIAGNOSES =
      Map.of(
          Management.NONE,
          List.of("seborrheic keratosis", "dermal nevus", "dermatofibroma", "lentigo", "vascular lesion"),
          Management.CLNC,
          List.of("clark nevus", "congenital nevus", "melanosis", "blue nevus"),
          Management.EXC,
          List.of("melanoma (in situ)", "melanoma (less than 0.76 mm)", "basal cell carcinoma",
              "reed or spitz nevus", "clark nevus"));

  /** Mean lesion colour per class: NONE light tan, CLNC mid brown, EXC dark blue-brown. */
  private static final int[][] LESION_RGB = {{200, 160, 120}, {140, 90, 50}, {70, 40, 60}};
  private static final double[] LESION_RADIUS = {0.20, 0.30, 0.40};
  private static final String[] FOLDERS = {"FCL", "FCl"};

  private final int cases;
  private final int width;
  private final int height;
  private final long seed;
  private final Broken broken;

  private SyntheticDerm7pt(int cases, int width, long seed, Broken broken) {
    if (cases < 10) {
      throw new UserInputException("--cases expected >= 10 (three splits of every class), got " + cases);
    }
    if (width < 8) {
      throw new UserInputException("--size expected >= 8 pixels, got " + width);
    }
    this.cases = cases;
    this.width = width;
    this.height = Math.max(org.dermmgmt.data.image.ImageDecoder.MIN_SIDE, width * 3 / 4);
    this.seed = seed;
    this.broken = broken;
  }

  /** A clean release: {@code cases} cases, images {@code width}×(¾·width) pixels. */
  public static Path write(Path out, int cases, int width, long seed) {
    return write(out, cases, width, seed, null);
  }

  /** As {@link #write(Path, int, int, long)}, damaged as {@code broken} says (null: clean). */
  public static Path write(Path out, int cases, int width, long seed, Broken broken) {
    try {
      new SyntheticDerm7pt(cases, width, seed, broken).writeTo(out);
      return out;
    } catch (IOException e) {
      throw new UserInputException("cannot write synthetic data to " + out + ": " + e.getMessage(), e);
    }
  }

  private void writeTo(Path out) throws IOException {
    if (Files.exists(out.resolve(Derm7ptRelease.META_CSV))) {
      throw new UserInputException(out + " already holds a meta/meta.csv; choose an empty directory");
    }
    Random rng = new Random(seed);
    Files.createDirectories(out.resolve("meta"));
    for (String f : FOLDERS) {
      Files.createDirectories(out.resolve("images").resolve(f));
    }
    // Management cycles through the classes so every class appears in every split.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < cases; i++) {
      order.add(i);
    }
    Collections.shuffle(order, rng);
    List<List<String>> rows = new ArrayList<>();
    List<Management> mgmtOfRow = new ArrayList<>();
    for (int row = 0; row < cases; row++) {
      Management m = Management.ALL.get(row % 3);
      mgmtOfRow.add(m);
      rows.add(row(row, m, rng, out));
    }
    // Stratified split: within each class, 40% train, 30% valid, 30% test.
    List<List<Integer>> split = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Management m : Management.ALL) {
      List<Integer> members = new ArrayList<>();
      for (int r : order) {
        if (mgmtOfRow.get(r) == m) {
          members.add(r);
        }
      }
      int nTrain = (int) Math.round(members.size() * 0.4);
      int nValid = (int) Math.round(members.size() * 0.3);
      for (int i = 0; i < members.size(); i++) {
        split.get(i < nTrain ? 0 : i < nTrain + nValid ? 1 : 2).add(members.get(i));
      }
    }
    split.forEach(Collections::sort);
    damage(out, rows, split);
    writeMeta(out, rows);
    for (Split s : Split.values()) {
      writeIndexes(out.resolve("meta").resolve(s.indexFile()), split.get(s.ordinal()));
    }
  }

  private List<String> row(int row, Management m, Random rng, Path out) throws IOException {
    List<String> diagnoses = DIAGNOSES.get(m);
    String diagnosis = diagnoses.get(rng.nextInt(diagnoses.size()));
    String[] raw = new String[Criterion.ALL.size()];
    int[] grouped = new int[raw.length];
    for (Criterion c : Criterion.ALL) {
      List<String> values = c.rawValues();
      // Excised lesions get more positive findings, as melanomas do in the real data.
      String v = rng.nextDouble() < (m == Management.EXC ? 0.6 : 0.2)
          ? values.get(rng.nextInt(values.size())) : "absent";
      raw[c.ordinal()] = v;
      grouped[c.ordinal()] = c.group(v);
    }
    int caseNum = row + 1;
    String folder = FOLDERS[row % 2];
    String ext = row % 3 == 0 ? ".JPG" : ".jpg";
    String derm = folder + "/D" + caseNum + ext;
    // Case 1 reuses its dermoscopic image as the clinical one, like 9 real cases.
    String clinic = row == 0 ? derm : folder + "/C" + caseNum + (row % 3 == 1 ? ".JPG" : ".jpg");
    writeImage(out.resolve("images").resolve(derm), m, rng, true);
    if (row != 0) {
      writeImage(out.resolve("images").resolve(clinic), m, rng, false);
    }
    List<String> r = new ArrayList<>();
    r.add(Integer.toString(caseNum));
    r.add(diagnosis);
    r.add(Integer.toString(Criterion.sevenPointScore(grouped)));
    r.addAll(Arrays.asList(raw));
    r.add(List.of("low", "medium", "high").get(rng.nextInt(3)));
    r.add(pick(MetadataEncoder.ELEVATIONS, rng));
    r.add(pick(MetadataEncoder.LOCATIONS, rng));
    r.add(pick(MetadataEncoder.SEXES, rng));
    r.add(m.raw());
    r.add(clinic);
    r.add(derm);
    r.add("");
    r.add("");
    return r;
  }

  private static String pick(List<String> values, Random rng) {
    return values.get(rng.nextInt(values.size()));
  }

  /** Skin background with an elliptical lesion whose colour and size depend on the class. */
  private void writeImage(Path file, Management m, Random rng, boolean dermoscopic) throws IOException {
    BufferedImage im = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] lesion = LESION_RGB[m.ordinal()];
    double radius = LESION_RADIUS[m.ordinal()] * (dermoscopic ? 1.5 : 1.0) * (0.85 + 0.3 * rng.nextDouble());
    double cx = width * (0.4 + 0.2 * rng.nextDouble());
    double cy = height * (0.4 + 0.2 * rng.nextDouble());
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double dx = (x - cx) / width;
        double dy = (y - cy) / height;
        boolean inside = Math.sqrt(dx * dx + dy * dy) < radius;
        int[] base = inside ? lesion : new int[] {225, 185, 165};
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          int v = (int) Math.round(base[c] + rng.nextGaussian() * 12);
          rgb = rgb << 8 | Math.max(0, Math.min(255, v));
        }
        im.setRGB(x, y, rgb);
      }
    }
    if (!ImageIO.write(im, "jpg", file.toFile())) {
      throw new IOException("no JPEG writer available");
    }
  }

  private void damage(Path out, List<List<String>> rows, List<List<Integer>> split) throws IOException {
    if (broken == null) {
      return;
    }
    int trainRow = split.get(0).get(split.get(0).size() - 1);
    List<String> r = rows.get(trainRow);
    int clinicCol = Derm7ptRelease.COLUMNS.indexOf("clinic");
    int dermCol = Derm7ptRelease.COLUMNS.indexOf("derm");
    switch (broken) {
      case MISSING_IMAGE -> Files.delete(out.resolve("images").resolve(r.get(dermCol)));
      case UNKNOWN_LABEL -> r.set(Derm7ptRelease.COLUMNS.indexOf("pigment_network"), "sometimes");
      case DUPLICATE_INDEX -> split.get(0).add(0, split.get(0).get(0));
      case INDEX_OUT_OF_RANGE -> split.get(1).add(rows.size() + 5);
      case OVERLAPPING_INDEX -> split.get(2).add(split.get(0).get(0));
      case TRUNCATED_IMAGE -> {
        Path f = out.resolve("images").resolve(r.get(clinicCol));
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
      }
      case MISSING_COLUMN -> {
        int col = Derm7ptRelease.COLUMNS.indexOf("management");
        rows.forEach(row -> row.set(col, null));
      }
    }
  }

  private void writeMeta(Path out, List<List<String>> rows) throws IOException {
    List<String> header = new ArrayList<>(Derm7ptRelease.COLUMNS);
    boolean dropManagement = broken == Broken.MISSING_COLUMN;
    if (dropManagement) {
      header.remove("management");
    }
    try (Writer w = Files.newBufferedWriter(out.resolve(Derm7ptRelease.META_CSV), StandardCharsets.UTF_8);
        CSVPrinter p = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(w)) {
      p.printRecord(header);
      for (List<String> row : rows) {
        List<String> values = new ArrayList<>(row);
        values.removeIf(v -> v == null);
        p.printRecord(values);
      }
    }
  }

  private static void writeIndexes(Path file, List<Integer> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("indexes\n");
      for (int r : rows) {
        w.write(r + "\n");
      }
    }
  }
}
