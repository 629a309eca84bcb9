package org.dermmgmt.model.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;

class PrecisionTest {
  private static final String ZEN4 = """
      processor	: 0
      vendor_id	: AuthenticAMD
      flags		: fpu vme avx2 avx512f avx512_bf16 avx512_vnni
      processor	: 1
      flags		: fpu vme avx2 avx512f avx512_bf16 avx512_vnni
      """;

  @Test
  void readsTheFirstProcessorsFlags() {
    assertThat(Precision.parseFlags(ZEN4)).contains("avx512_bf16", "avx2").doesNotContain("amx_bf16");
    assertThat(Precision.parseFlags("processor : 0\nmodel name : something\n")).isEmpty();
  }

  @Test
  void autoMeansBf16ExactlyWhereTheCpuComputesItNatively() {
    assertThat(Precision.resolve("auto", "--precision", true)).isEqualTo(Precision.BF16);
    assertThat(Precision.resolve("auto", "--precision", false)).isEqualTo(Precision.FP32);
    assertThat(Precision.resolve(null, "--precision", true)).isEqualTo(Precision.BF16);
    assertThat(Precision.resolve(" FP32 ", "--precision", true)).isEqualTo(Precision.FP32);
    assertThat(Precision.resolve("bf16", "--precision", true)).isEqualTo(Precision.BF16);
    assertThat(Precision.resolve("auto", "--precision")).isEqualTo(
        Precision.usableBf16() ? Precision.BF16 : Precision.FP32);
  }

  @Test
  void refusesUnknownValuesAndBf16WhereItWouldBeSlower() {
    assertThatThrownBy(() -> Precision.resolve("fp16", "--precision", true))
        .isInstanceOf(UserInputException.class)
        .hasMessage("--precision: expected auto, fp32 or bf16, got 'fp16'");
    assertThatThrownBy(() -> Precision.resolve("bf16", "DERMMGMT_PRECISION", false))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("DERMMGMT_PRECISION: bf16 needs a CPU with AVX-512-BF16 or AMX");
  }

  @Test
  void labelsAreWhatRecordsAndOptionsSay() {
    assertThat(Precision.BF16.label()).isEqualTo("bf16");
    assertThat(Precision.resolve(Precision.FP32.label(), "x", true)).isEqualTo(Precision.FP32);
  }
}
