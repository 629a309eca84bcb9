package org.dermmgmt.decide;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.image.JpegDecoder;

/**
 * Measures the quality gate on every image of a Derm7pt release: the distribution of each check's
 * value (per modality) and how many images the default thresholds reject. This is how the
 * thresholds of {@link QualityGate#defaults()} were chosen (BENCHMARKS.md).
 *
 * <pre>bench/quality_gate.sh [DATA_DIR] [CSV_OUT]</pre>
 */
public final class QualityGateBench {
  private static final double[] QUANTILES = {0, 0.005, 0.01, 0.02, 0.05, 0.5, 0.95, 0.98, 0.99,
      0.995, 1};

  /** One measured image. */
  public record Row(String file, String modality, ImageMeasures measures) {}

  private QualityGateBench() {}

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/derm7pt");
    List<Row> rows = measure(root);
    if (args.length > 1) {
      writeCsv(rows, Path.of(args[1]));
    }
    report(rows, QualityGate.defaults(), System.out);
  }

  /** Measures every *.jpg under {@code root/images}; modality from meta.csv (derm wins for the 9 shared files). */
  public static List<Row> measure(Path root) {
    Derm7ptRelease release = Derm7ptRelease.open(root);
    Set<String> derm = new HashSet<>();
    Set<String> clinic = new HashSet<>();
    for (LesionCase c : release.cases()) {
      derm.add(c.derm().toLowerCase(Locale.ROOT));
      clinic.add(c.clinic().toLowerCase(Locale.ROOT));
    }
    Path images = root.resolve("images");
    List<Path> files;
    try (Stream<Path> s = Files.walk(images)) {
      files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files.parallelStream().map(f -> {
      String rel = images.relativize(f).toString().replace('\\', '/');
      String key = rel.toLowerCase(Locale.ROOT);
      String modality = derm.contains(key) ? "derm" : clinic.contains(key) ? "clinic" : "unlisted";
      try {
        return new Row(rel, modality, ImageMeasures.of(JpegDecoder.decode(f)));
      } catch (UserInputException e) {
        System.err.println("skipped: " + e.getMessage());
        return null;
      }
    }).filter(r -> r != null).toList();
  }

  public static void writeCsv(List<Row> rows, Path out) {
    List<String> lines = new ArrayList<>();
    StringBuilder h = new StringBuilder("file,modality,width,height");
    QualityCheck.ALL.forEach(c -> h.append(',').append(c.measure()));
    h.append(",mean_a,mean_b,contrast");
    lines.add(h.toString());
    for (Row r : rows) {
      StringBuilder sb = new StringBuilder(r.file()).append(',').append(r.modality()).append(',')
          .append(r.measures().width()).append(',').append(r.measures().height());
      for (QualityCheck c : QualityCheck.ALL) {
        sb.append(',').append(String.format(Locale.ROOT, "%.6g", c.value(r.measures())));
      }
      sb.append(String.format(Locale.ROOT, ",%.4f,%.4f,%.4f", r.measures().meanA(),
          r.measures().meanB(), r.measures().contrast()));
      lines.add(sb.toString());
    }
    try {
      Files.write(out, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the value quantiles per check and modality, then the rejections under {@code gate}. */
  public static void report(List<Row> rows, QualityGate gate, PrintStream out) {
    out.printf(Locale.ROOT, "images measured: %d%n", rows.size());
    StringBuilder head = new StringBuilder("| check (measure) | modality | n |");
    for (double q : QUANTILES) {
      head.append(String.format(Locale.ROOT, " p%s |", trim(100 * q)));
    }
    out.println(head);
    out.println("|" + "---|".repeat(3 + QUANTILES.length));
    for (QualityCheck c : QualityCheck.ALL) {
      for (String modality : List.of("clinic", "derm")) {
        double[] v = rows.stream().filter(r -> r.modality().equals(modality))
            .mapToDouble(r -> c.value(r.measures())).sorted().toArray();
        if (v.length == 0) {
          continue;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| %s (%s) | %s | %d |",
            c, c.measure(), modality, v.length));
        for (double q : QUANTILES) {
          sb.append(String.format(Locale.ROOT, " %.4g |", quantile(v, q)));
        }
        out.println(sb);
      }
    }
    Map<QualityCheck, Integer> byCheck = new EnumMap<>(QualityCheck.class);
    int rejected = 0;
    for (Row r : rows) {
      QualityReport rep = gate.judge(r.file(), r.measures());
      if (!rep.passed()) {
        rejected++;
        rep.failures().forEach(f -> byCheck.merge(f.check(), 1, Integer::sum));
        out.println("rejected " + r.file() + " (" + r.modality() + "): "
            + String.join("; ", rep.failures().stream().map(QualityReport.Result::describe).toList()));
      }
    }
    out.printf(Locale.ROOT, "thresholds: %s%n", gate.thresholds());
    out.printf(Locale.ROOT, "failures by check: %s%n", byCheck);
    out.printf(Locale.ROOT, "rejected %d of %d images (%.2f%%)%n", rejected, rows.size(),
        rows.isEmpty() ? 0 : 100.0 * rejected / rows.size());
  }

  /** Linear-interpolated quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
