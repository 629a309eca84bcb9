package org.dermmgmt.cli;

import picocli.CommandLine.Option;

/** {@code --no-quality-gate}, shared by the commands that decide cases (predict, serve, Spark's score). */
public final class QualityGateOption {
  @Option(names = "--no-quality-gate",
      description = "Do not check image quality (by default a too small, dark, overexposed, blurred, uniform or colour-cast image refers the case).")
  boolean off;

  public boolean on() {
    return !off;
  }
}
