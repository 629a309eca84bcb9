package org.dermmgmt.cli;

import java.nio.file.Path;

/**
 * Where cached backbone features live: -Ddermmgmt.cache, else $DERMMGMT_CACHE, else
 * ~/.cache/dermmgmt; features go in its features/ folder.
 */
final class FeatureCacheDir {
  private FeatureCacheDir() {}

  static Path get() {
    String env = System.getProperty("dermmgmt.cache", System.getenv("DERMMGMT_CACHE"));
    Path root = env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "dermmgmt");
    return root.resolve("features");
  }
}
