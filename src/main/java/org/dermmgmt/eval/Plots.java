package org.dermmgmt.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG figures of an evaluation. Rendering is headless (no display on servers). */
public final class Plots {
  public static final int WIDTH = 800;
  public static final int HEIGHT = 600;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /** Writes roc.png, confusion.png and reliability.png into outDir. */
  public static void writeAll(List<EvaluatedCase> cases, Path outDir) {
    try {
      Files.createDirectories(outDir);
      Predictions p = Predictions.management(cases);
      BitmapEncoder.saveBitmap(roc(p), outDir.resolve("roc.png").toString(),
          BitmapEncoder.BitmapFormat.PNG);
      ImageIO.write(confusion(p.confusion()), "png", outDir.resolve("confusion.png").toFile());
      BitmapEncoder.saveBitmap(reliability(p), outDir.resolve("reliability.png").toString(),
          BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UserInputException("cannot write plots to " + outDir + ": " + e.getMessage(), e);
    }
  }

  /** One-vs-rest ROC curve per management class with its AUROC in the legend, plus chance. */
  public static XYChart roc(Predictions p) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("ROC (one-vs-rest)").xAxisTitle("False positive rate")
        .yAxisTitle("True positive rate").build();
    style(chart);
    for (Management m : Management.ALL) {
      double[] s = new double[p.n()];
      boolean[] pos = new boolean[p.n()];
      for (int i = 0; i < s.length; i++) {
        s[i] = p.scores()[i][m.ordinal()];
        pos[i] = p.truth()[i] == m.ordinal();
      }
      List<Auroc.RocPoint> pts = Auroc.curve(s, pos);
      String name = String.format(Locale.ROOT, "%s (AUROC %.4f)", m.name(), Auroc.of(s, pos));
      if (pts.isEmpty()) {
        name = m.name() + " (AUROC undefined)";
        pts = List.of(new Auroc.RocPoint(0, 0, 0));
      }
      XYSeries series = chart.addSeries(name,
          pts.stream().mapToDouble(Auroc.RocPoint::fpr).toArray(),
          pts.stream().mapToDouble(Auroc.RocPoint::tpr).toArray());
      series.setMarker(SeriesMarkers.NONE);
    }
    XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
    chance.setMarker(SeriesMarkers.NONE);
    chance.setLineColor(Color.GRAY);
    chance.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 6f}, 0f));
    return chart;
  }

  /** Reliability diagram: accuracy vs mean confidence per non-empty bin, with "n=" labels. */
  public static XYChart reliability(Predictions p) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(String.format(Locale.ROOT, "Reliability (top-label, %d bins), ECE %.4f",
            Calibration.DEFAULT_BINS, Calibration.ece(p)))
        .xAxisTitle("Confidence").yAxisTitle("Accuracy").build();
    style(chart);
    List<Calibration.Bin> bins =
        Calibration.reliability(p, Calibration.DEFAULT_BINS).stream()
            .filter(b -> b.count() > 0).toList();
    XYSeries perfect = chart.addSeries("perfect calibration", new double[] {0, 1},
        new double[] {0, 1});
    perfect.setMarker(SeriesMarkers.NONE);
    perfect.setLineColor(Color.GRAY);
    if (!bins.isEmpty()) {
      XYSeries s = chart.addSeries("bin accuracy",
          bins.stream().mapToDouble(Calibration.Bin::meanConfidence).toArray(),
          bins.stream().mapToDouble(Calibration.Bin::accuracy).toArray());
      s.setMarker(SeriesMarkers.CIRCLE);
      for (Calibration.Bin b : bins) {
        chart.addAnnotation(new AnnotationText("n=" + b.count(), b.meanConfidence(),
            b.accuracy() > 0.9 ? b.accuracy() - 0.05 : b.accuracy() + 0.04, false));
      }
    }
    return chart;
  }

  private static void style(XYChart chart) {
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setAntiAlias(true);
  }

  /**
   * Confusion matrix drawn with Java2D: cells shaded by row fraction (so rare classes stay
   * readable), each with its count and row percentage. XChart has no annotated heat map.
   */
  public static BufferedImage confusion(ConfusionMatrix cm) {
    int k = cm.k();
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int left = 160;
      int top = 90;
      int size = Math.min(WIDTH - left - 60, HEIGHT - top - 40);
      int cell = size / k;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      centered(g, String.format(Locale.ROOT, "Confusion matrix (n=%d, accuracy %.4f)",
          cm.total(), cm.accuracy()), WIDTH / 2, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
      centered(g, "Predicted", left + k * cell / 2, 60);
      for (int j = 0; j < k; j++) {
        centered(g, label(j, k), left + j * cell + cell / 2, top - 8);
      }
      for (int i = 0; i < k; i++) {
        String t = label(i, k);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(t, left - 10 - fm.stringWidth(t), top + i * cell + cell / 2 + 6);
        int rowTotal = cm.actual(i);
        for (int j = 0; j < k; j++) {
          int c = cm.count(i, j);
          double frac = rowTotal == 0 ? 0 : (double) c / rowTotal;
          int shade = (int) Math.round(255 - 200 * frac);
          g.setColor(new Color(shade, shade, 255));
          int x = left + j * cell;
          int y = top + i * cell;
          g.fillRect(x, y, cell, cell);
          g.setColor(Color.DARK_GRAY);
          g.drawRect(x, y, cell, cell);
          g.setColor(frac > 0.6 ? Color.WHITE : Color.BLACK);
          g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
          centered(g, Integer.toString(c), x + cell / 2, y + cell / 2 + 4);
          g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
          centered(g, String.format(Locale.ROOT, "%.1f%% of row", 100 * frac), x + cell / 2,
              y + cell / 2 + 28);
        }
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
      g.rotate(-Math.PI / 2);
      centered(g, "True", -(top + k * cell / 2), 40);
    } finally {
      g.dispose();
    }
    return img;
  }

  private static String label(int i, int k) {
    return k == Management.ALL.size() ? Management.ALL.get(i).name() : "class " + i;
  }

  private static void centered(Graphics2D g, String s, int cx, int baseline) {
    g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, baseline);
  }
}
