package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dermmgmt.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training process killed mid-epoch resumes without losing or repeating finished epochs. */
class ResumeTest {
  @TempDir Path dir;

  @Test
  void killedRunResumes() throws Exception {
    Path data = Synthetic.dataset(dir);
    Path run = dir.resolve("run");
    int epochs = 12;
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dai.djl.offline=true", "-Ddermmgmt.cache=" + dir.resolve("cache"),
        "org.dermmgmt.cli.Main"));
    cmd.addAll(List.of(Synthetic.train(data, run, "multi", "--epochs", String.valueOf(epochs))));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("killed.log").toFile()).start();
    Path state = run.resolve("state.json");
    // Generous: CI machines may be busy; the loop ends as soon as two epochs are done.
    long deadline = System.currentTimeMillis() + 900_000;
    int done = 0;
    while (System.currentTimeMillis() < deadline && p.isAlive() && done < 2) {
      Thread.sleep(50);
      if (Files.exists(state)) {
        try {
          done = new ObjectMapper().readTree(state.toFile()).get("epochsDone").asInt();
        } catch (Exception partial) {
          // Written atomically, but a reader can still race the rename on some filesystems.
        }
      }
    }
    assertThat(p.isAlive()).as("the run ended before it could be killed: " + Files.readString(dir.resolve("killed.log"))).isTrue();
    Thread.sleep(100); // into the next epoch
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    // Whatever the kill interrupted, a checkpoint write killed half way leaves what AtomicFiles
    // leaves: the previous checkpoint.params intact and a partial temporary file beside it.
    byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.params"));
    Path partial = run.resolve(".checkpoint.params." + p.pid() + ".dead.tmp");
    Files.write(partial, java.util.Arrays.copyOf(checkpoint, checkpoint.length / 2));

    TrainState before = new ObjectMapper().readValue(state.toFile(), TrainState.class);
    assertThat(before.epochsDone()).isBetween(2, epochs - 1);
    List<String> historyBefore = Files.readAllLines(run.resolve("history.csv"));

    CliRun resumed = CliRun.of("train", "--resume", run.toString());
    assertThat(resumed.exit()).as(resumed.all()).isZero();
    assertThat(resumed.err()).contains("resuming after epoch " + before.epochsDone());

    List<String> history = Files.readAllLines(run.resolve("history.csv"));
    assertThat(history).hasSize(epochs + 1);
    for (int e = 1; e <= epochs; e++) {
      assertThat(history.get(e)).startsWith(e + ",");
    }
    // Epochs finished before the kill are kept as they were, not retrained.
    assertThat(history.subList(0, before.epochsDone() + 1))
        .containsExactlyElementsOf(historyBefore.subList(0, before.epochsDone() + 1));
    TrainState after = new ObjectMapper().readValue(state.toFile(), TrainState.class);
    assertThat(after.epochsDone()).isEqualTo(epochs);
    assertThat(partial).as("the dead writer's temporary file is cleaned up").doesNotExist();
  }

  @Test
  void resumeRefusesNewOptionsInsteadOfIgnoringThem() throws Exception {
    Path data = Synthetic.dataset(dir);
    Path run = dir.resolve("finished");
    CliRun t = CliRun.of(Synthetic.train(data, run, "mgmt", "--epochs", "1", "--head-warmup", "0", "--average-last", "0"));
    assertThat(t.exit()).as(t.all()).isZero();
    byte[] model = Files.readAllBytes(run.resolve("model.params"));

    CliRun more = CliRun.of("train", "--resume", run.toString(), "--epochs", "10");
    assertThat(more.exit()).isEqualTo(2);
    assertThat(more.err()).contains("--epochs").contains("recorded").doesNotContain("Exception");
    CliRun moved = CliRun.of("train", "--resume", run.toString(), "--data", data.toString());
    assertThat(moved.exit()).isEqualTo(2);
    assertThat(moved.err()).contains("--data");
    assertThat(Files.readAllBytes(run.resolve("model.params"))).as("nothing retrained").isEqualTo(model);

    CliRun again = CliRun.of("train", "--resume", run.toString());
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.err()).contains("nothing to do");
    assertThat(again.out()).contains("model: epoch 1 of 1 (selected by accuracy)");
  }
}
