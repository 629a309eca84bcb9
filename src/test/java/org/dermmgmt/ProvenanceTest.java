package org.dermmgmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  @Test
  void theBuildRecordsTheCommitItWasBuiltFrom() throws Exception {
    String commit = Provenance.gitCommit();
    assertThat(commit).matches("unknown|[0-9a-f]{7,40}(-dirty)?|.+-g[0-9a-f]{7,40}(-dirty)?");
    // Built from a git checkout (every CI run is a clone): the plugin must have filled it in.
    String head = head();
    if (head != null && Files.isDirectory(Path.of(".git"))) {
      assertThat(commit).as("the commit of a build inside a git clone").isNotEqualTo("unknown");
      assertThat(commit).contains(head);
    }
  }

  /** HEAD's abbreviated id, or null without git. */
  private static String head() throws InterruptedException {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor() == 0 ? out : null;
    } catch (java.io.IOException noGit) {
      return null;
    }
  }

  @Test
  void anEntryTheBuildCouldNotFillIsUnknown() {
    assertThat(Provenance.commit("${git.commit.id.describe}")).isEqualTo("unknown");
    assertThat(Provenance.commit(null)).isEqualTo("unknown");
    assertThat(Provenance.commit(" ")).isEqualTo("unknown");
    assertThat(Provenance.commit("a0fd771-dirty")).isEqualTo("a0fd771-dirty");
  }
}
