package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature cache's files: read in one go, the format of every cache written so far. */
class FeatureCacheFileTest {
  @TempDir Path dir;

  @Test
  void filesRoundTripAndOldCachesStillRead() throws Exception {
    float[] values = {0f, -1.5f, 3.25e-7f, Float.MAX_VALUE, 42f};
    Path written = dir.resolve("v0/new.f32");
    FeatureCache.write(written, values);
    assertThat(FeatureCache.read(written)).containsExactly(values);

    // The writer before this one: a DataOutputStream (big-endian count, then the floats).
    Path old = dir.resolve("old.f32");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(old))) {
      out.writeInt(values.length);
      for (float v : values) {
        out.writeFloat(v);
      }
    }
    assertThat(Files.readAllBytes(old)).isEqualTo(Files.readAllBytes(written));
    assertThat(FeatureCache.read(old)).containsExactly(values);
  }

  @Test
  void aDamagedOrMissingEntryIsRecomputedNotMisread() throws Exception {
    Path file = dir.resolve("x.f32");
    assertThat(FeatureCache.read(file)).isNull();
    FeatureCache.write(file, new float[] {1, 2, 3});
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 2)); // truncated
    assertThat(FeatureCache.read(file)).isNull();
    Files.write(file, new byte[] {0, 0});
    assertThat(FeatureCache.read(file)).isNull();
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // negative count
    assertThat(FeatureCache.read(file)).isNull();
  }
}
