package org.dermmgmt.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dermmgmt.infer.RunDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesAndReplacesLeavingNoTemporaryFile() throws Exception {
    Path f = dir.resolve("state.json");
    AtomicFiles.writeString(f, "one");
    AtomicFiles.writeString(f, "two");
    assertThat(Files.readString(f)).isEqualTo("two");
    assertThat(names()).containsExactly("state.json");
  }

  @Test
  void aWriteThatFailsHalfWayLeavesThePreviousFile() throws Exception {
    Path f = dir.resolve("checkpoint.params");
    AtomicFiles.writeString(f, "epoch 3 weights");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write(new byte[100_000]);
      throw new IOException("No space left on device");
    })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("checkpoint.params")
        .hasMessageContaining("No space left");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write(1);
      throw new IllegalStateException("serializer bug");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(Files.readString(f)).isEqualTo("epoch 3 weights");
    assertThat(names()).containsExactly("checkpoint.params");
  }

  /** Serialises a field, then fails: the JSON is cut in the middle. */
  public record Exploding(@JsonProperty("epochsDone") int epochsDone) {
    @JsonProperty("then")
    public String then() {
      throw new IllegalStateException("cannot serialise");
    }
  }

  @Test
  void runDirJsonWriteThatFailsLeavesThePreviousState() throws Exception {
    RunDir run = new RunDir(dir);
    run.writeJson(run.state(), java.util.Map.of("epochsDone", 2));
    assertThatThrownBy(() -> run.writeJson(run.state(), new Exploding(3))).isInstanceOf(RuntimeException.class);
    assertThat(Files.readString(run.state())).contains("\"epochsDone\" : 2");
    assertThat(names()).containsExactly("state.json");
  }

  @Test
  void aProcessKilledDuringAWriteLeavesThePreviousFileAndItsTemporaryIsCleanedLater() throws Exception {
    Path f = dir.resolve("model.params");
    AtomicFiles.writeString(f, "previous weights");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AtomicWriteChild.class.getName(), f.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("child output").isEqualTo("WRITING");
      String temp = "." + "model.params." + child.pid() + ".";
      assertThat(names()).anyMatch(n -> n.startsWith(temp) && n.endsWith(".tmp"));
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(f)).isEqualTo("previous weights");
    assertThat(names()).hasSize(2); // the target and the dead writer's temporary file

    AtomicFiles.writeString(f, "next weights");
    assertThat(Files.readString(f)).isEqualTo("next weights");
    assertThat(names()).containsExactly("model.params");
  }
}
