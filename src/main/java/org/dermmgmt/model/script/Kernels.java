package org.dermmgmt.model.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.dermmgmt.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of oneDNN's convolution kernels the backbones may use: {@link #FAST} (channels-last
 * tensors, which oneDNN runs with its brgemm kernels; packed inference; bf16 where the CPU has it)
 * or {@link #SAFE} (fp32; ResNet-50 trains on NCHW tensors, which oneDNN runs with its older
 * blocked jit kernels, its 1x1 convolutions as matrix products; MobileNetV2 trains channels-last,
 * each 1x1 shape checked once (model.CheckedPointwise); inference packed, each pack checked layer
 * by layer against the NCHW kernels: {@link PackedInference.Pointwise#CHECKED}).
 *
 * <p>Why: libtorch 2.7.1's oneDNN sizes its brgemm convolution blocks from the cache topology the
 * CPU reports through CPUID (leaf 4 on Intel, 0x8000001D on AMD). Some virtual machines report
 * none (seen here on a 2-core Zen 5 VM whose 0x8000001D leaf is all zeros). There the brgemm 1x1
 * kernels divide by zero on ResNet-50's 256→1024 convolution, forward and backward (SIGFPE: the
 * JVM dies), and channels-last MobileNetV2 miscomputes, packed or layer by layer (dog.jpg comes
 * out a tandem bicycle), while in NCHW (and ResNet-50's 1x1 convolutions as matrix products) both
 * networks classify the ImageNet photos as the references do. Linux lists no /sys/devices/system/cpu/cpu0/cache/index* entries exactly
 * when CPUID reports no caches (here the cache folder is missing altogether), so {@code auto} (the default) picks SAFE there and FAST elsewhere.
 * Set with -Ddermmgmt.kernels or $DERMMGMT_KERNELS (auto, fast or safe).
 */
public enum Kernels {
  FAST,
  SAFE;

  private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
  private static final Path CPU_DIR = Path.of("/sys/devices/system/cpu/cpu0");

  private static final class Current {
    static final Kernels VALUE = fromSettings(CPU_DIR);
  }

  /** This process's choice, resolved once. */
  public static Kernels current() {
    return Current.VALUE;
  }

  /** The lower-case name written to run records and benchmark rows. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Kernels fromSettings(Path cpuDir) {
    String property = System.getProperty("dermmgmt.kernels");
    String env = System.getenv("DERMMGMT_KERNELS");
    String choice = property != null ? property : env;
    String option = property != null ? "-Ddermmgmt.kernels" : "DERMMGMT_KERNELS";
    Kernels k = resolve(choice, option, cacheTopologyReported(cpuDir));
    if (k == SAFE && (choice == null || choice.isBlank() || "auto".equalsIgnoreCase(choice.trim()))) {
      LOG.warn("this CPU reports no cache topology (no {}/cache/index*), which makes some of oneDNN's convolution"
          + " kernels crash or miscompute: computing in fp32, each channels-last 1x1 shape and each inference pack"
          + " checked against the NCHW kernels, ResNet-50 training in NCHW (slower, results right);"
          + " DERMMGMT_KERNELS=fast overrides", cpuDir);
    }
    return k;
  }

  /** {@code choice} (auto, fast or safe; null means auto) on a CPU that does or does not report its caches. */
  static Kernels resolve(String choice, String option, boolean cachesReported) {
    String c = choice == null || choice.isBlank() ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
    return switch (c) {
      case "auto" -> cachesReported ? FAST : SAFE;
      case "fast" -> FAST;
      case "safe" -> SAFE;
      default -> throw new UserInputException(option + ": expected auto, fast or safe, got '" + choice + "'");
    };
  }

  /**
   * Whether Linux lists cache levels for the CPU whose sysfs folder is {@code cpuDir}
   * ({@code cache/index0}, ...). Where that folder is missing (not Linux, no sysfs) nothing is
   * known, and the CPU is trusted.
   */
  static boolean cacheTopologyReported(Path cpuDir) {
    if (!Files.isDirectory(cpuDir)) {
      return true;
    }
    Path cacheDir = cpuDir.resolve("cache");
    if (!Files.isDirectory(cacheDir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(cacheDir)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith("index"));
    } catch (IOException e) {
      return true;
    }
  }
}
