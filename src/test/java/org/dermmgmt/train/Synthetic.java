package org.dermmgmt.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;

/** A small synthetic Derm7pt and the CLI options that train on it in seconds (tests only). */
final class Synthetic {
  static final int CASES = 60;
  static final int IMAGE = 32;

  private Synthetic() {}

  static Path dataset(Path dir) {
    return SyntheticDerm7pt.write(dir.resolve("derm7pt"), CASES, IMAGE, 7);
  }

  /** train arguments for the tiny backbone at 32x32, plus any extra ones. */
  static String[] train(Path data, Path out, String task, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "train", "--data", data.toString(), "--out", out.toString(), "--task", task,
        "--backbone", "tiny", "--image-size", String.valueOf(IMAGE), "--batch-size", "8",
        "--lr", "0.003"));
    // One model unless a test asks for an ensemble: the default ensemble would triple test time.
    if (!List.of(extra).contains("--ensemble")) {
      args.addAll(List.of("--ensemble", "1"));
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }
}
