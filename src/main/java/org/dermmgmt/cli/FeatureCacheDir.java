package org.dermmgmt.cli;

import java.nio.file.Path;

/** Where cached backbone features live: $DERMMGMT_CACHE/features, default ~/.cache/dermmgmt. */
final class FeatureCacheDir {
  private FeatureCacheDir() {}

  static Path get() {
    String env = System.getenv("DERMMGMT_CACHE");
    Path root = env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "dermmgmt");
    return root.resolve("features");
  }
}
