package org.dermmgmt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.LinkedHashSet;
import java.util.Set;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.CaseSources;
import org.dermmgmt.data.DataCheckReport;
import org.dermmgmt.data.DataChecker;
import org.dermmgmt.data.DataProblem;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.synthetic.Broken;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.data.synthetic.SyntheticTable;
import org.dermmgmt.data.table.CaseTable;
import org.dermmgmt.data.table.TableExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dermmgmt data check|synth|export}: inspect a dataset, write a synthetic one, or a release as a table. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Check a Derm7pt release or a case table, or write a synthetic one.",
    subcommands = {DataCommand.Check.class, DataCommand.Synth.class, DataCommand.Export.class})
final class DataCommand implements Runnable {
  /** Exit code of {@code data check} when a requested split is not usable. */
  static final int EXIT_UNUSABLE = 1;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Report cases per split, management class and diagnosis group, and every problem.",
        "Exit 0 when the requested splits are usable, 1 when a problem touches them."
      })
  static final class Check implements Callable<Integer> {
    /** Missing image files named per split before the rest are counted. */
    static final int LISTED_FILES = 10;

    @Spec CommandSpec spec;

    @Option(names = "--data", required = true,
        description = "Derm7pt release_v0 directory, or a case table (.csv file; see README).")
    Path data;

    @Option(names = "--splits", defaultValue = "train,valid,test",
        description = "Splits that must be usable (default: ${DEFAULT-VALUE}).")
    String splits;

    @Option(names = "--json", description = "Print the report as JSON on stdout.")
    boolean json;

    @Option(names = "--no-decode", description = "Only check that image files exist; do not decode them.")
    boolean noDecode;

    @Override
    public Integer call() throws Exception {
      List<Split> requested = Split.parseList(splits);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      DataChecker checker = new DataChecker(!noDecode, true);
      // A table is refused as a whole (exit 2) on a bad row; its missing images are reported here.
      DataCheckReport report = CaseSources.isTable(data)
          ? checker.check(CaseTable.builder().setCsv(data).optRequireImages(false).open(), List.of(), requested)
          : checker.check(data, requested);
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("usable", report.usable());
        doc.put("report", report);
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
      } else {
        printText(report, out);
      }
      out.flush();
      List<DataProblem> blocking = report.problemsTouching(requested);
      String which = requested.stream().map(Split::label).collect(Collectors.joining(", "));
      // The progress bar does not always end its line when stderr is not a terminal; the verdict
      // must stand on a line of its own.
      err.println();
      if (blocking.isEmpty()) {
        int elsewhere = report.problems().size();
        err.println("data check: OK, " + which + " usable"
            + (elsewhere == 0 ? "" : " (" + elsewhere + " problem(s) in other splits or rows)"));
        return 0;
      }
      err.println("data check: FAILED, " + which + " not usable: " + summary(blocking));
      return EXIT_UNUSABLE;
    }

    private static void printText(DataCheckReport r, PrintWriter out) {
      out.println("data: " + r.root());
      if (!r.casesPerSplit().isEmpty()) {
        out.println("cases per split: " + join(r.casesPerSplit()));
        out.println("management per split:");
        r.casesPerManagement().forEach((s, m) -> out.println("  " + s.label() + ": " + join(m)));
        out.println("diagnosis groups per split:");
        r.casesPerDiagnosisGroup().forEach((s, g) -> out.println("  " + s.label() + ": " + join(g)));
        out.println("images decoded: " + r.imagesDecoded());
      }
      out.println("problems: " + r.problems().size());
      // Missing images are listed compactly per split: a release without test images has 788 files.
      for (Split s : Split.values()) {
        TreeSet<Integer> caseNums = new TreeSet<>();
        Set<String> files = new LinkedHashSet<>();
        for (DataProblem p : r.problems()) {
          if (p.kind() == DataProblem.Kind.MISSING_IMAGE && p.split() == s) {
            caseNums.add(p.caseNum());
            if (p.value() != null && !p.value().isEmpty()) {
              files.add(p.value());
            }
          }
        }
        if (!caseNums.isEmpty()) {
          out.println("  " + s.label() + ": " + caseNums.size() + " cases lack images: case "
              + caseNums.stream().map(String::valueOf).collect(Collectors.joining(", ")));
          out.println("    missing files: " + firstFiles(files));
        }
      }
      for (DataProblem p : r.problems()) {
        if (p.kind() != DataProblem.Kind.MISSING_IMAGE || p.split() == null) {
          out.println("  " + p.kind() + ": " + p.message());
        }
      }
    }

    /** The first {@value #LISTED_FILES} names, then how many more (--json lists every one). */
    static String firstFiles(Set<String> files) {
      String listed = files.stream().limit(LISTED_FILES).collect(Collectors.joining(", "));
      int more = files.size() - LISTED_FILES;
      return listed + (more > 0 ? " and " + more + " more (--json lists all " + files.size() + ")" : "");
    }

    private static String join(Map<?, Integer> counts) {
      return counts.entrySet().stream()
          .map(e -> (e.getKey() instanceof Split s ? s.label() : e.getKey().toString()) + " " + e.getValue())
          .collect(Collectors.joining(", "));
    }

    /** E.g. "test: 395 cases lack images; 1 UNKNOWN_LABEL". */
    static String summary(List<DataProblem> problems) {
      List<String> parts = new ArrayList<>();
      for (Split s : Split.values()) {
        long n = problems.stream()
            .filter(p -> p.kind() == DataProblem.Kind.MISSING_IMAGE && p.split() == s)
            .map(DataProblem::caseNum).distinct().count();
        if (n > 0) {
          parts.add(s.label() + ": " + n + " cases lack images");
        }
      }
      Map<DataProblem.Kind, Long> others = problems.stream()
          .filter(p -> p.kind() != DataProblem.Kind.MISSING_IMAGE)
          .collect(Collectors.groupingBy(DataProblem::kind, LinkedHashMap::new, Collectors.counting()));
      others.forEach((k, n) -> parts.add(n + " " + k));
      return String.join("; ", parts);
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Write a Derm7pt release's cases as a case table (DIR/cases.csv, DIR/images linked to the release):",
          "a table to edit or extend with a clinic's own cases; it trains exactly as the release does."})
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data", required = true, description = "Derm7pt release_v0 directory.")
    Path data;

    @Option(names = "--splits", defaultValue = "train,valid,test",
        description = "Splits to write, in this order (default: ${DEFAULT-VALUE}).")
    String splits;

    @Option(names = "--out", required = true, description = "Directory to write cases.csv into.")
    Path out;

    @Override
    public Integer call() {
      Path csv = TableExport.write(Derm7ptRelease.open(data), Split.parseList(splits), out);
      spec.commandLine().getOut().println(csv);
      return 0;
    }
  }

  @Command(name = "synth", mixinStandardHelpOptions = true,
      description = "Write a synthetic dataset: a Derm7pt release_v0 layout, or a case table.")
  static final class Synth implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to create (must not hold a release).")
    Path out;

    @Option(names = "--cases", defaultValue = "" + SyntheticDerm7pt.DEFAULT_CASES,
        description = "Number of cases (default: ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--size", defaultValue = "" + SyntheticDerm7pt.DEFAULT_WIDTH,
        description = "Image width in pixels; height is 3/4 of it (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--broken", description = "Damage the data one way: ${COMPLETION-CANDIDATES}.")
    Broken broken;

    @Option(names = "--format", defaultValue = "release",
        description = "release (Derm7pt release_v0 layout) or table (DIR/cases.csv and DIR/images; see README).")
    String format;

    @Override
    public Integer call() {
      if (format.equals("table")) {
        if (broken != null) {
          throw new UserInputException("--broken works with --format release only");
        }
        Path csv = SyntheticTable.write(out, cases, size, seed);
        spec.commandLine().getOut().println("wrote " + cases + " synthetic cases to " + csv);
        return 0;
      }
      if (!format.equals("release")) {
        throw new UserInputException("unknown --format '" + format + "': expected release or table");
      }
      SyntheticDerm7pt.write(out, cases, size, seed, broken);
      spec.commandLine().getOut().println("wrote " + cases + " synthetic cases to " + out
          + (broken == null ? "" : " (broken: " + broken + ")"));
      return 0;
    }
  }
}
