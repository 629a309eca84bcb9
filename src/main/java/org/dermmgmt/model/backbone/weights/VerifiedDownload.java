package org.dermmgmt.model.backbone.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dermmgmt.UserInputException;

/**
 * Downloads one file next to its target as {@code .part}, checks its sha256 and only then moves
 * it into place, so an interrupted or tampered download never looks like a valid file.
 */
final class VerifiedDownload {
  private VerifiedDownload() {}

  /**
   * Fetches {@code url} to {@code target}; a wrong checksum is a {@link UserInputException}, a
   * network failure an {@link IOException} (the caller says what to do offline).
   */
  static void fetch(URI url, String sha256, Path target, PrintStream progress) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    try {
      progress.println("downloading " + url + " to " + target);
      String actual = copy(url, tmp, progress);
      if (!actual.equals(sha256)) {
        throw new UserInputException("downloaded " + url + " has sha256 " + actual + ", expected "
            + sha256 + "; not installed at " + target);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String copy(URI url, Path file, PrintStream progress) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    URLConnection connection = url.toURL().openConnection();
    connection.setConnectTimeout(15_000);
    connection.setReadTimeout(60_000);
    long total = connection.getContentLengthLong();
    try (InputStream in = connection.getInputStream();
        OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
      byte[] buffer = new byte[1 << 16];
      long done = 0;
      int lastTenth = -1;
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        done += n;
        int tenth = total > 0 ? (int) (10 * done / total) : -1;
        if (tenth > lastTenth && total > (1 << 20)) {
          progress.printf("  %d%% (%d / %d bytes)%n", 10 * tenth, done, total);
          lastTenth = tenth;
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
