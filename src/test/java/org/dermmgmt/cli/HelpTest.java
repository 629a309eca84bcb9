package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command renders its help cleanly and documents every option it accepts. */
class HelpTest {

  @Test
  void everyCommandPrintsHelpWithoutPicocliWarnings() {
    List<List<String>> paths = new ArrayList<>();
    collect(new CommandLine(new Main()), new ArrayList<>(), paths);
    assertThat(paths).extracting(p -> String.join(" ", p)).contains("train", "data check", "backbone check");
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertThat(run.exit()).as(String.join(" ", path) + "\n" + run.all()).isZero();
      assertThat(run.out()).as(String.join(" ", path)).contains("Usage: dermmgmt " + String.join(" ", path));
      assertThat(run.err()).as(String.join(" ", path)).doesNotContain("picocli WARN");
    }
  }

  @Test
  void everyOptionHasADescription() {
    List<String> undocumented = new ArrayList<>();
    walk(new CommandLine(new Main()), "", undocumented);
    assertThat(undocumented).isEmpty();
  }

  private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
    for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(sub.getKey());
      out.add(p);
      collect(sub.getValue(), p, out);
    }
  }

  private static void walk(CommandLine cmd, String path, List<String> undocumented) {
    CommandSpec spec = cmd.getCommandSpec();
    for (OptionSpec o : spec.options()) {
      boolean described = o.description().length > 0 && !String.join("", o.description()).isBlank();
      if (!described) {
        undocumented.add((path.isEmpty() ? "dermmgmt" : path) + " " + o.longestName());
      }
    }
    for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
      if (!sub.getKey().equals("help")) {
        walk(sub.getValue(), (path + " " + sub.getKey()).strip(), undocumented);
      }
    }
  }
}
