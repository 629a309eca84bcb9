package org.dermmgmt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/** Facts recorded with every saved model and evaluation: versions, commit, checksums. */
public final class Provenance {
  private static final Properties BUILD = loadBuildProperties();

  private Provenance() {}

  public static String projectVersion() {
    return BUILD.getProperty("version", "unknown");
  }

  /**
   * The git commit the jar was built from, "-dirty" appended when the tree had uncommitted changes
   * ("unknown" when built outside a git checkout).
   */
  public static String gitCommit() {
    return commit(BUILD.getProperty("commit"));
  }

  /** The build's commit entry, or "unknown" when the build could not fill it in. */
  static String commit(String raw) {
    return raw == null || raw.isBlank() || raw.contains("${") ? "unknown" : raw;
  }

  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Properties loadBuildProperties() {
    Properties p = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("/dermmgmt-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // Build facts are informative only; their absence must not stop a run.
    }
    return p;
  }
}
