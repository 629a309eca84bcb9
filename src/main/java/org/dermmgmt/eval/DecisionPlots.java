package org.dermmgmt.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dermmgmt.UserInputException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Figures of the decision layer: the risk–coverage curve and reliability before/after calibration. */
public final class DecisionPlots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private DecisionPlots() {}

  /** Accuracy and missed-malignancy rate of the automatically decided cases against coverage. */
  public static XYChart riskCoverage(List<RiskCoverage.Point> curve, RiskCoverage.Summary s) {
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title(String.format(Locale.ROOT,
            "Risk-coverage: accuracy %.2f up to coverage %s; no missed malignancy up to %s",
            s.targetAccuracy(), pct(s.coverageAtAccuracy()), pct(s.coverageAtZeroMissed())))
        .xAxisTitle("Coverage (fraction decided automatically)").yAxisTitle("Rate").build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05);
    chart.getStyler().setChartBackgroundColor(Color.WHITE).setAntiAlias(true);
    chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(14f));
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    // Coverages are fractions of the case count; without a pattern the ticks print 15 digits.
    chart.getStyler().setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("0.0#");
    if (!curve.isEmpty()) {
      XYSeries acc = chart.addSeries("accuracy of decided cases",
          curve.stream().mapToDouble(RiskCoverage.Point::coverage).toArray(),
          curve.stream().mapToDouble(RiskCoverage.Point::accuracy).toArray());
      acc.setMarker(SeriesMarkers.NONE);
      List<RiskCoverage.Point> withMalignant =
          curve.stream().filter(p -> p.malignant() > 0).toList();
      if (!withMalignant.isEmpty()) {
        XYSeries miss = chart.addSeries("missed-malignancy rate of decided cases",
            withMalignant.stream().mapToDouble(RiskCoverage.Point::coverage).toArray(),
            withMalignant.stream().mapToDouble(RiskCoverage.Point::missedMalignancyRate)
                .toArray());
        miss.setMarker(SeriesMarkers.NONE);
        miss.setLineColor(Color.RED);
      }
    }
    XYSeries target = chart.addSeries(String.format(Locale.ROOT, "accuracy %.2f",
        s.targetAccuracy()), new double[] {0, 1},
        new double[] {s.targetAccuracy(), s.targetAccuracy()});
    target.setMarker(SeriesMarkers.NONE);
    target.setLineColor(Color.GRAY);
    target.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 6f}, 0f));
    return chart;
  }

  /** Both reliability curves (top-label, 15 bins) with their ECE in the legend. */
  public static XYChart reliabilityBeforeAfter(Predictions before, Predictions after) {
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Reliability before and after temperature scaling")
        .xAxisTitle("Confidence").yAxisTitle("Accuracy").build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05);
    chart.getStyler().setChartBackgroundColor(Color.WHITE).setAntiAlias(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("0.0#");
    XYSeries perfect = chart.addSeries("perfect calibration", new double[] {0, 1},
        new double[] {0, 1});
    perfect.setMarker(SeriesMarkers.NONE);
    perfect.setLineColor(Color.GRAY);
    add(chart, "uncalibrated", before, Color.RED);
    add(chart, "calibrated", after, Color.BLUE);
    return chart;
  }

  private static void add(XYChart chart, String name, Predictions p, Color colour) {
    List<Calibration.Bin> bins = Calibration.reliability(p, Calibration.DEFAULT_BINS).stream()
        .filter(b -> b.count() > 0).toList();
    if (bins.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(
        String.format(Locale.ROOT, "%s (ECE %.4f, Brier %.4f)", name, Calibration.ece(p),
            Calibration.brier(p)),
        bins.stream().mapToDouble(Calibration.Bin::meanConfidence).toArray(),
        bins.stream().mapToDouble(Calibration.Bin::accuracy).toArray());
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setLineColor(colour);
    s.setMarkerColor(colour);
  }

  public static void writePng(XYChart chart, Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UserInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "none" : String.format(Locale.ROOT, "%.2f", v);
  }
}
