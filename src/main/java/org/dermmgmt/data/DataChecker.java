package org.dermmgmt.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import me.tongfei.progressbar.ProgressBar;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DataProblem.Kind;
import org.dermmgmt.data.image.ImageDecoder;

/**
 * Checks a Derm7pt release: every split (whatever is requested, so the report always says which
 * cases of which split lack images), every label, every index, and every image file, decoded for
 * real because a truncated JPEG opens without error. Problems are collected, never thrown, except
 * when the directory cannot be read at all.
 */
public final class DataChecker {
  private final boolean decode;
  private final boolean progress;
  private final int threads;

  /**
   * @param decode decode every image (slow: about a second per 100 images a core); otherwise only
   *     check the files exist
   * @param progress show a progress bar on stderr while decoding
   */
  public DataChecker(boolean decode, boolean progress) {
    this(decode, progress, Runtime.getRuntime().availableProcessors());
  }

  public DataChecker(boolean decode, boolean progress, int threads) {
    this.decode = decode;
    this.progress = progress;
    this.threads = Math.max(1, threads);
  }

  public DataCheckReport check(Path root, List<Split> requested) {
    if (!Files.isDirectory(root)) {
      throw new UserInputException("data directory " + root + " does not exist or is not a directory");
    }
    List<String> missing = Derm7ptRelease.missingColumns(root);
    if (!missing.isEmpty()) {
      List<DataProblem> problems =
          missing.stream()
              .map(c -> new DataProblem(Kind.MISSING_COLUMN, null, -1, -1, c, null,
                  Derm7ptRelease.META_CSV + " has no column " + c))
              .toList();
      return new DataCheckReport(root.toString(), requested, Map.of(), Map.of(), Map.of(), 0, problems);
    }
    Derm7ptRelease release = Derm7ptRelease.open(root);
    return check(release, release.loadProblems(), requested);
  }

  /**
   * Checks the cases of any source (a case table is validated when opened, so it brings no load
   * problems): counts, and every image file of every split, decoded unless decoding is off.
   */
  public DataCheckReport check(CaseSource release, List<DataProblem> loadProblems, List<Split> requested) {
    List<DataProblem> problems = new ArrayList<>(loadProblems);
    boolean numbered = release instanceof Derm7ptRelease;

    Map<Split, Integer> perSplit = new EnumMap<>(Split.class);
    Map<Split, Map<Management, Integer>> perMgmt = new EnumMap<>(Split.class);
    Map<Split, Map<DiagnosisGroup, Integer>> perGroup = new EnumMap<>(Split.class);
    // Each distinct file is checked once; a problem is reported for every case and column using it
    // (clinic == derm cases, or a file shared across splits, which must block both splits).
    Map<String, List<ImageUse>> images = new LinkedHashMap<>();
    for (Split s : Split.values()) {
      List<LesionCase> cases = release.split(s);
      perSplit.put(s, cases.size());
      Map<Management, Integer> m = new EnumMap<>(Management.class);
      Management.ALL.forEach(x -> m.put(x, 0));
      Map<DiagnosisGroup, Integer> g = new EnumMap<>(DiagnosisGroup.class);
      DiagnosisGroup.ALL.forEach(x -> g.put(x, 0));
      for (LesionCase c : cases) {
        m.merge(c.management(), 1, Integer::sum);
        if (c.group() != null) { // a case table may have no diagnosis column
          g.merge(c.group(), 1, Integer::sum);
        }
        for (String[] use : new String[][] {{"clinic", c.clinic()}, {"derm", c.derm()}}) {
          if (!use[1].isEmpty()) { // a table case may lack one of its images
            images.computeIfAbsent(use[1], k -> new ArrayList<>()).add(new ImageUse(s, c, use[0], use[1], numbered));
          }
        }
      }
      perMgmt.put(s, m);
      perGroup.put(s, g);
    }

    List<List<ImageUse>> present = new ArrayList<>();
    for (List<ImageUse> uses : images.values()) {
      String path = uses.get(0).path();
      if (Files.isRegularFile(release.image(path))) {
        present.add(uses);
      } else {
        uses.forEach(u -> problems.add(u.problem(Kind.MISSING_IMAGE, "image " + path + " does not exist")));
      }
    }
    int decoded = 0;
    if (decode && !present.isEmpty()) {
      problems.addAll(decodeAll(release, present));
      decoded = present.size();
    }
    return new DataCheckReport(
        release.describe(), List.copyOf(requested), perSplit, perMgmt, perGroup, decoded, List.copyOf(problems));
  }

  private List<DataProblem> decodeAll(CaseSource release, List<List<ImageUse>> files) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (ProgressBar bar = progressBar(files.size())) {
      List<Future<List<DataProblem>>> futures = new ArrayList<>();
      for (List<ImageUse> uses : files) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    ImageDecoder.decode(release.image(uses.get(0).path()));
                    return List.<DataProblem>of();
                  } catch (UserInputException e) {
                    return uses.stream().map(u -> u.problem(Kind.UNREADABLE_IMAGE, e.getMessage())).toList();
                  } finally {
                    if (bar != null) {
                      bar.step();
                    }
                  }
                }));
      }
      List<DataProblem> out = new ArrayList<>();
      for (Future<List<DataProblem>> f : futures) {
        out.addAll(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding images", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("image decoding failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private ProgressBar progressBar(int max) {
    if (!progress) {
      return null;
    }
    return org.dermmgmt.Progress.bar("decoding images", max);
  }

  /** @param numbered a Derm7pt case, named by case number and meta.csv row; else by its case_id */
  private record ImageUse(Split split, LesionCase c, String column, String path, boolean numbered) {
    DataProblem problem(Kind kind, String message) {
      String name = numbered ? c.caseNum() + " (row " + c.row() + ")" : c.id();
      return new DataProblem(kind, split, c.caseNum(), c.row(), column, path,
          split.label() + " case " + name + ", " + column + ": " + message);
    }
  }
}
