package org.dermmgmt.model.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelsTest {

  @Test
  void autoIsSafeExactlyWhereLinuxListsNoCacheLevels(@TempDir Path dir) throws Exception {
    Path cpu = Files.createDirectories(dir.resolve("cpu0"));
    assertThat(Kernels.cacheTopologyReported(cpu)).as("no cache folder: CPUID reports no caches").isFalse();
    Files.createDirectories(cpu.resolve("cache"));
    assertThat(Kernels.cacheTopologyReported(cpu)).as("an empty cache folder").isFalse();
    Files.createDirectories(cpu.resolve("cache/index0"));
    assertThat(Kernels.cacheTopologyReported(cpu)).isTrue();
    assertThat(Kernels.cacheTopologyReported(dir.resolve("no-sysfs"))).as("nothing known: trusted").isTrue();

    assertThat(Kernels.resolve(null, "DERMMGMT_KERNELS", true)).isEqualTo(Kernels.FAST);
    assertThat(Kernels.resolve("auto", "DERMMGMT_KERNELS", false)).isEqualTo(Kernels.SAFE);
    assertThat(Kernels.resolve(" Fast ", "DERMMGMT_KERNELS", false)).isEqualTo(Kernels.FAST);
    assertThat(Kernels.resolve("safe", "DERMMGMT_KERNELS", true)).isEqualTo(Kernels.SAFE);
    assertThatThrownBy(() -> Kernels.resolve("quick", "-Ddermmgmt.kernels", true))
        .isInstanceOf(UserInputException.class)
        .hasMessage("-Ddermmgmt.kernels: expected auto, fast or safe, got 'quick'");
  }

  @Test
  void thisMachinesChoiceFollowsItsSysfs() {
    boolean reported = Kernels.cacheTopologyReported(Path.of("/sys/devices/system/cpu/cpu0"));
    if (System.getProperty("dermmgmt.kernels") == null && System.getenv("DERMMGMT_KERNELS") == null) {
      assertThat(Kernels.current()).isEqualTo(reported ? Kernels.FAST : Kernels.SAFE);
    }
    // The safe kernels compute NCHW layer by layer and never compute bf16; only a stream whose 1x1
    // kernels can be created harmlessly packs there, in fp32, each pack checked layer by layer.
    if (Kernels.current() == Kernels.SAFE) {
      if (System.getProperty("dermmgmt.layout") == null) {
        assertThat(org.dermmgmt.model.MemoryLayout.name()).isEqualTo("nchw");
      }
      assertThat(Precision.usableBf16()).isFalse();
      PackedSlot uncheckable = new PackedSlot();
      try (Packable.Packing p = uncheckable.pack((h, w) -> {
        throw new AssertionError("nothing is planned for a stream that cannot be checked");
      }, Precision.FP32, false)) {
        assertThat(uncheckable.get()).isNull();
      }
      if ("packed".equals(Packable.MODE)) {
        PackedSlot checkable = new PackedSlot();
        try (Packable.Packing p = checkable.pack((h, w) -> {
          throw new AssertionError("plans are made when an input size first runs");
        }, Precision.BF16, true)) {
          assertThat(checkable.get()).isNotNull();
          assertThat(checkable.get().precision()).as("checked packs compute fp32").isEqualTo(Precision.FP32);
        }
      }
    }
  }
}
