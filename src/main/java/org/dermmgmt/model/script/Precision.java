package org.dermmgmt.model.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dermmgmt.UserInputException;

/**
 * The arithmetic of the backbone convolutions: fp32, or bfloat16 (8-bit mantissa, fp32's range)
 * with fp32 accumulation inside oneDNN. bf16 pays only on CPUs that compute it natively
 * (AVX-512-BF16, AMX); elsewhere oneDNN emulates it, slower than fp32. So {@code auto}, the
 * default, means bf16 exactly where the CPU reports one of those flags (measured in BENCHMARKS.md:
 * about 1.9x faster inference on a Zen 4 EPYC), fp32 everywhere else.
 */
public enum Precision {
  FP32,
  BF16;

  /** libtorch's ScalarType codes, as TorchScript source writes a dtype. */
  static final int TORCH_FLOAT32 = 6;
  static final int TORCH_BFLOAT16 = 15;

  private static final Pattern FLAG_LINE = Pattern.compile("^flags\\s*:\\s*(.*)$", Pattern.MULTILINE);

  /** Lazily read once: the CPU's flags from /proc/cpuinfo (empty where there is none). */
  private static final class Cpu {
    static final Set<String> FLAGS = read(Path.of("/proc/cpuinfo"));
  }

  /** Set by {@link #setInference}, else resolved from the settings on first use. */
  private static volatile Precision inference;

  /** What {@code --precision} / {@code DERMMGMT_PRECISION} accept. */
  public static final String CHOICES = "auto, fp32 or bf16";

  /** The lower-case name written to run records and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The TorchScript dtype code of this precision. */
  int torchDtype() {
    return this == BF16 ? TORCH_BFLOAT16 : TORCH_FLOAT32;
  }

  /**
   * {@code choice} (auto, fp32 or bf16) as the precision it means on this CPU. bf16 asked for on a
   * CPU that cannot compute it natively is refused: it would be slower than fp32, never faster.
   */
  public static Precision resolve(String choice, String option) {
    if (nativeBf16() && Kernels.current() == Kernels.SAFE && choice != null && "bf16".equalsIgnoreCase(choice.trim())) {
      throw new UserInputException(option + ": bf16 runs on oneDNN's packed channels-last kernels, which this CPU"
          + " cannot use (it reports no cache topology; see DERMMGMT_KERNELS in the README): use auto or fp32");
    }
    return resolve(choice, option, usableBf16());
  }

  /** {@link #resolve(String, String)} on a CPU that does or does not compute bf16 natively. */
  static Precision resolve(String choice, String option, boolean nativeBf16) {
    String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
    return switch (c) {
      case "auto" -> nativeBf16 ? BF16 : FP32;
      case "fp32" -> FP32;
      case "bf16" -> {
        if (!nativeBf16) {
          throw new UserInputException(option + ": bf16 needs a CPU with AVX-512-BF16 or AMX (this one has neither;"
              + " it would run slower than fp32): use auto or fp32");
        }
        yield BF16;
      }
      default -> throw new UserInputException(option + ": expected " + CHOICES + ", got '" + choice + "'");
    };
  }

  /** Refuses a {@code choice} that is not auto, fp32 or bf16 (whatever this CPU can do). */
  public static void checkChoice(String choice, String option) {
    resolve(choice, option, true);
  }

  /**
   * Whether bf16 can be used here: the CPU computes it natively and oneDNN's fast kernels, on
   * which the bf16 paths were measured, are in use ({@link Kernels#FAST}).
   */
  public static boolean usableBf16() {
    return nativeBf16() && Kernels.current() == Kernels.FAST;
  }

  /** Whether this CPU computes bfloat16 natively (flags avx512_bf16 or amx_bf16). */
  public static boolean nativeBf16() {
    return Cpu.FLAGS.contains("avx512_bf16") || Cpu.FLAGS.contains("amx_bf16");
  }

  /**
   * The precision packed inference uses in this process unless a call names one: from {@code
   * --precision} where a command has it, else -Ddermmgmt.precision, else $DERMMGMT_PRECISION, else auto.
   */
  public static Precision inference() {
    Precision p = inference;
    if (p == null) {
      p = fromSettings();
      inference = p;
    }
    return p;
  }

  /** Sets the process's inference precision (the commands' {@code --precision}). */
  public static void setInference(Precision precision) {
    inference = precision;
  }

  /** The precision -Ddermmgmt.precision, else $DERMMGMT_PRECISION, else auto names. */
  public static Precision fromSettings() {
    String property = System.getProperty("dermmgmt.precision");
    if (property != null) {
      return resolve(property, "-Ddermmgmt.precision");
    }
    String env = System.getenv("DERMMGMT_PRECISION");
    return env == null || env.isBlank() ? resolve("auto", "auto") : resolve(env, "DERMMGMT_PRECISION");
  }

  /** The choice -Ddermmgmt.precision or $DERMMGMT_PRECISION makes, or null when neither is set. */
  public static String settingChoice() {
    String property = System.getProperty("dermmgmt.precision");
    if (property != null) {
      return property;
    }
    String env = System.getenv("DERMMGMT_PRECISION");
    return env == null || env.isBlank() ? null : env;
  }

  static Set<String> read(Path cpuinfo) {
    try {
      return parseFlags(Files.readString(cpuinfo));
    } catch (IOException | RuntimeException e) {
      return Set.of(); // not Linux, or unreadable: no native bf16 assumed (fp32 is always right)
    }
  }

  /** The flags of the first processor listed in a /proc/cpuinfo text. */
  static Set<String> parseFlags(String cpuinfo) {
    var m = FLAG_LINE.matcher(cpuinfo);
    return m.find() ? Arrays.stream(m.group(1).trim().split("\\s+")).collect(Collectors.toUnmodifiableSet()) : Set.of();
  }
}
