package org.dermmgmt.model;

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
import java.util.function.Function;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;

/**
 * Finds the pretrained MobileNetV2 TFLite file: the {@code --weights} flag, else {@code
 * $DERMMGMT_WEIGHTS}, else the cache {@code ${DERMMGMT_CACHE:-~/.cache/dermmgmt}/weights/}, else
 * downloads it there from the pinned URL. Every file is checked against the pinned sha256, so a
 * run is always on the same weights. An explicit flag or variable naming a missing file is an
 * error (not a silent fallback): the user asked for that file.
 *
 * <p>The environment, home directory, URL and progress stream are injectable so that tests never
 * touch the real environment or the network.
 */
public final class BackboneWeights {
  public static final String FILE_NAME = "mobilenet_v2_1.0_224_quant.tflite";
  public static final String SHA256 =
      "7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776";
  public static final String PINNED_URL =
      "https://github.com/google-coral/test_data/raw/104342d2d3480b3e66203073dac24f4e2dbb4c41/"
          + FILE_NAME;
  public static final String ENV_WEIGHTS = "DERMMGMT_WEIGHTS";
  public static final String ENV_CACHE = "DERMMGMT_CACHE";

  private final Function<String, String> env;
  private final Path userHome;
  private final URI url;
  private final String sha256;
  private final PrintStream progress;

  public BackboneWeights(
      Function<String, String> env, Path userHome, URI url, String sha256, PrintStream progress) {
    this.env = env;
    this.userHome = userHome;
    this.url = url;
    this.sha256 = sha256;
    this.progress = progress;
  }

  /** The real environment, home, pinned URL and checksum; progress on stderr. */
  public static BackboneWeights system() {
    return new BackboneWeights(
        System::getenv, Path.of(System.getProperty("user.home")), URI.create(PINNED_URL), SHA256,
        System.err);
  }

  /** Resolves (and if needed downloads) the weights; {@code flagOrNull} is the --weights value. */
  public static Path resolve(Path flagOrNull) {
    return system().find(flagOrNull);
  }

  /** Where the weights are cached (and downloaded to). */
  public Path cachePath() {
    String cache = env.apply(ENV_CACHE);
    Path root =
        cache != null && !cache.isBlank() ? Path.of(cache) : userHome.resolve(".cache/dermmgmt");
    return root.resolve("weights").resolve(FILE_NAME);
  }

  public Path find(Path flagOrNull) {
    if (flagOrNull != null) {
      return verified(flagOrNull, "--weights " + flagOrNull);
    }
    String fromEnv = env.apply(ENV_WEIGHTS);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return verified(Path.of(fromEnv), ENV_WEIGHTS + "=" + fromEnv);
    }
    Path cached = cachePath();
    if (Files.isRegularFile(cached)) {
      return verified(cached, "cached weights " + cached);
    }
    download(cached);
    return cached;
  }

  private Path verified(Path file, String origin) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(origin + ": no such file (expected " + FILE_NAME + ", sha256 "
          + sha256 + ", from " + url + ")");
    }
    String actual = Provenance.sha256(file);
    if (!actual.equals(sha256)) {
      throw new UserInputException(origin + " has sha256 " + actual + ", expected " + sha256
          + " (" + FILE_NAME + " from " + url + ")");
    }
    return file;
  }

  private void download(Path target) {
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = Files.createTempFile(target.getParent(), FILE_NAME, ".part");
      progress.println("downloading " + url + " to " + target);
      String actual = fetch(tmp);
      if (!actual.equals(sha256)) {
        throw new UserInputException("downloaded " + url + " has sha256 " + actual + ", expected "
            + sha256 + "; not installed at " + target);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UserInputException("cannot download the MobileNetV2 weights (" + e + "): put "
          + FILE_NAME + " at " + target + ", or pass --weights PATH, or set " + ENV_WEIGHTS
          + "=PATH; the file is " + url + " (sha256 " + sha256 + ")", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // A stray .part file is harmless; the error that got us here matters more.
        }
      }
    }
  }

  /** Copies the URL into {@code file}, printing progress; returns the sha256 of the bytes. */
  private String fetch(Path file) throws IOException {
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
        if (tenth > lastTenth) {
          progress.printf("  %d%% (%d / %d bytes)%n", 10 * tenth, done, total);
          lastTenth = tenth;
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
