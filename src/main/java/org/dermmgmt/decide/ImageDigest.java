package org.dermmgmt.decide;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;

/**
 * What the audit log keeps of an input image: its role, its sha256 and its size in bytes — never
 * the image. The constructor accepts only a 64-digit hex digest, so no image content can reach the
 * log through this record.
 *
 * @param role "clinic" or "derm"
 */
public record ImageDigest(String role, String sha256, long bytes) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ImageDigest {
    Objects.requireNonNull(role, "role");
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
  }

  /** Of an image file (streamed, not held in memory). */
  public static ImageDigest of(String role, Path file) {
    try {
      return new ImageDigest(role, Provenance.sha256(file), Files.size(file));
    } catch (java.io.IOException e) {
      throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Of uploaded image bytes (the service). */
  public static ImageDigest of(String role, byte[] content) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return new ImageDigest(role, HexFormat.of().formatHex(d.digest(content)), content.length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
