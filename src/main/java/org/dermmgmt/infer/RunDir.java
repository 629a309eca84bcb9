package org.dermmgmt.infer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.dermmgmt.io.AtomicFiles;

/**
 * The files of one training run: everything needed to reuse and audit the model. Every write goes
 * to a temporary file first and is then moved into place, so an interrupted run never leaves a
 * half-written checkpoint behind.
 */
public record RunDir(Path root) {
  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Path config() {
    return root.resolve("config.json");
  }

  public Path model() {
    return root.resolve("model.params");
  }

  public Path checkpoint() {
    return root.resolve("checkpoint.params");
  }

  /** The weights after one epoch, kept only for the epochs that --average-last averages. */
  public Path epochParameters(int epoch) {
    return root.resolve("epoch-" + epoch + ".params");
  }

  public Path state() {
    return root.resolve("state.json");
  }

  public Path history() {
    return root.resolve("history.csv");
  }

  public Path priors() {
    return root.resolve("priors.json");
  }

  public Path result() {
    return root.resolve("result.json");
  }

  /** The run directory of ensemble member {@code i} (1-based). */
  public RunDir member(int i) {
    return new RunDir(root.resolve("member-" + i));
  }

  /** Part {@code i} (1-based) of a mixed run: one backbone's complete run. */
  public RunDir part(int i) {
    return new RunDir(root.resolve("part-" + i));
  }

  public void create() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UserInputException("cannot create run directory " + root + ": " + e.getMessage(), e);
    }
  }

  public void writeJson(Path file, Object value) {
    atomically(file, out -> JSON.writeValue(out, value));
  }

  public <T> T readJson(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public void saveParameters(Block block, Path file) {
    atomically(
        file,
        out -> {
          try (DataOutputStream data = new DataOutputStream(out)) {
            block.saveParameters(data);
          }
        });
  }

  public static void loadParameters(Block block, NDManager manager, Path file) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      block.loadParameters(manager, in);
    } catch (IOException | MalformedModelException e) {
      throw new UserInputException(
          "cannot load model parameters from " + file + " (" + e.getMessage()
              + "); was it written by a model with the same config.json?", e);
    }
  }

  public interface Writer {
    void write(java.io.OutputStream out) throws IOException;
  }

  /** Temporary file, forced to disk, renamed into place: a crash leaves the previous file intact. */
  public static void atomically(Path file, Writer writer) {
    AtomicFiles.write(file, writer::write);
  }
}
