package org.dermmgmt.data.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dermmgmt.data.image.RgbImage;

/**
 * The independent DICOM writers the tests use: Debian's dcmtk (img2dcm, dcmcrle, dcmconv) and
 * pydicom (python3-pydicom). Files are made at test time; a test whose tool is absent is skipped
 * with a message saying what to install.
 */
public final class DicomTools {
  private static String python;
  private static boolean pythonProbed;

  private DicomTools() {}

  /** A Python 3 that imports pydicom and numpy; skips the test when there is none. */
  public static synchronized String pythonOrSkip() {
    if (!pythonProbed) {
      pythonProbed = true;
      for (String candidate : List.of("/usr/bin/python3", "python3")) {
        if (exitCode(candidate, "-c", "import pydicom, numpy") == 0) {
          python = candidate;
          break;
        }
      }
    }
    assumeTrue(python != null, "pydicom not found: apt-get install python3-pydicom (test skipped)");
    return python;
  }

  /** Skips the test when a dcmtk tool is not installed. */
  public static void dcmtkOrSkip(String tool) {
    assumeTrue(exitCode(tool, "--version") == 0, tool + " not found: apt-get install dcmtk (test skipped)");
  }

  /** Runs a command in {@code dir}; fails the test with its output when it does not exit 0. */
  public static void run(Path dir, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + ": timed out");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n"
            + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Writes {@code image} as a DICOM file with pydicom (make_dicom.py options, e.g. --syntax rle). */
  public static Path pydicom(Path dir, RgbImage image, String out, String... options) throws IOException {
    String py = pythonOrSkip();
    Path script = dir.resolve("make_dicom.py");
    if (!Files.exists(script)) {
      try (InputStream in = DicomTools.class.getResourceAsStream("/dicom/make_dicom.py")) {
        Files.copy(in, script);
      }
    }
    Path raw = dir.resolve(out + ".rgb");
    Files.write(raw, image.rgb());
    List<String> cmd = new ArrayList<>(List.of(py, script.toString(), raw.toString(),
        String.valueOf(image.width()), String.valueOf(image.height()), dir.resolve(out).toString()));
    cmd.addAll(List.of(options));
    run(dir, cmd.toArray(String[]::new));
    return dir.resolve(out);
  }

  private static int exitCode(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
