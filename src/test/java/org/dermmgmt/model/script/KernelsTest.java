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
    // The safe kernels compute NCHW layer by layer and never compute bf16; inference packs there in
    // fp32, each pack checked layer by layer, and a stream whose oneDNN 1x1 kernels must not be
    // created (ResNet-50) has every 1x1 convolution a matrix product from the start.
    if (Kernels.current() == Kernels.SAFE) {
      if (System.getProperty("dermmgmt.layout") == null) {
        assertThat(org.dermmgmt.model.MemoryLayout.name()).isEqualTo("nchw");
      }
      assertThat(Precision.usableBf16()).isFalse();
      if ("packed".equals(Packable.MODE)) {
        assertThat(Packable.pointwise(true)).isEqualTo(PackedInference.Pointwise.CHECKED);
        assertThat(Packable.pointwise(false)).isEqualTo(PackedInference.Pointwise.MATMUL_CHECKED);
        PackedSlot slot = new PackedSlot();
        try (Packable.Packing p = slot.pack((h, w) -> {
          throw new AssertionError("plans are made when an input size first runs");
        }, Precision.BF16, false)) {
          assertThat(slot.get()).isNotNull();
          assertThat(slot.get().precision()).as("checked packs compute fp32").isEqualTo(Precision.FP32);
        }
        assertThat(slot.get()).isNull();
      }
    } else if ("packed".equals(Packable.MODE)) {
      assertThat(Packable.pointwise(false)).isEqualTo(PackedInference.Pointwise.ONEDNN);
    }
  }
}
