package org.dermmgmt.cli;

import org.dermmgmt.model.script.Precision;
import picocli.CommandLine.Option;

/** {@code --precision}, shared by the commands that run a backbone; parsed (and refused) by {@link Precision}. */
public final class PrecisionOption {
  @Option(names = "--precision", paramLabel = "auto|fp32|bf16",
      description = "Arithmetic of the backbone convolutions at inference: auto (default: bf16 on CPUs with AVX-512-BF16"
          + " or AMX, about 1.9x faster there, else fp32), fp32 or bf16. Default from $DERMMGMT_PRECISION when set.")
  String choice;

  /** The option as given, or null. */
  public String choice() {
    return choice;
  }

  /** Sets the process's inference precision from the option (or, without it, from the environment); returns it. */
  public Precision apply() {
    Precision p = choice == null ? Precision.fromSettings() : Precision.resolve(choice, "--precision");
    Precision.setInference(p);
    return p;
  }
}
