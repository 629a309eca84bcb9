package org.dermmgmt.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dermmgmt.io.AtomicFiles;

/** Appends one row per finished epoch to the run's history.csv. */
public final class MetricsCsvListener implements TrainingListener {
  static final String HEADER =
      "epoch,train_loss,select_accuracy,select_macro_auroc,learning_rate,seconds,best";
  private final Path file;

  /**
   * Opens the history, dropping rows of epochs after {@code epochsDone}: those belong to an epoch
   * whose checkpoint was never completed, and the resumed run will redo it.
   */
  public MetricsCsvListener(Path file, int epochsDone) {
    this.file = file;
    try {
      List<String> keep = new ArrayList<>();
      keep.add(HEADER);
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank() || line.startsWith("epoch")) {
            continue;
          }
          int epoch = Integer.parseInt(line.substring(0, line.indexOf(',')));
          if (epoch <= epochsDone) {
            keep.add(line);
          }
        }
      }
      // Rewritten on resume: atomically, so a crash here cannot lose the finished epochs' rows.
      AtomicFiles.writeString(file, String.join("\n", keep) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  @Override
  public void onEpochEnd(EpochResult r) {
    String row =
        String.format(
            Locale.ROOT,
            "%d,%.6f,%.6f,%.6f,%.8f,%.2f,%s%n",
            r.epoch(), r.trainLoss(), r.selectAccuracy(), r.selectMacroAuroc(), r.learningRate(),
            r.seconds(), r.best());
    try {
      Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }
}
