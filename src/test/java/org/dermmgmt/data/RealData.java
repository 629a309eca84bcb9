package org.dermmgmt.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the real Derm7pt copy: $DERM7PT_DIR, else ../shared/derm7pt from the repo root. */
public final class RealData {
  private RealData() {}

  /** The release root; skips the calling test (JUnit assumption) when it is absent. */
  public static Path rootOrSkip() {
    String env = System.getenv("DERM7PT_DIR");
    Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "derm7pt");
    assumeTrue(Files.isRegularFile(root.resolve("meta/meta.csv")), "no Derm7pt data at " + root.toAbsolutePath());
    return root;
  }
}
