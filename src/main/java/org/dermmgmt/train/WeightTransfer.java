package org.dermmgmt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.infer.TrainedModel;
import org.dermmgmt.model.FusionNet;

/**
 * {@code train --init-from RUN_DIR}: a new run starts from a trained run's weights (transfer from
 * Derm7pt to a clinic's cases). Every parameter array whose name and shape agree is copied; the
 * others keep the new run's initialisation — typically the metadata input layer when the clinic's
 * vocabulary differs, or a head the source task lacks. Member i of a new ensemble starts from
 * member i of the source (cycling when the source has fewer).
 */
public final class WeightTransfer {
  /** What was copied: arrays copied, and those left as initialised with why. */
  public record Report(int copied, int total, List<String> kept) {}

  private WeightTransfer() {}

  public static Report apply(FusionNet target, Path sourceRun, int member, PrintStream err) {
    try (TrainedModel source = TrainedModel.load(sourceRun)) {
      String from = source.card().model().backbone();
      String to = target.config().backbone();
      if (!from.equals(to)) {
        throw new UserInputException("--init-from " + sourceRun + ": its streams are " + from + ", this run's " + to
            + "; they share no parameter: start from a run of the same backbone (or give --backbone " + from + ")");
      }
      List<FusionNet> nets = source.networks();
      Report r = copy(nets.get((Math.max(member, 1) - 1) % nets.size()), target);
      err.printf("initialised %d of %d parameter arrays from %s%s%n", r.copied(), r.total(), sourceRun,
          r.kept().isEmpty() ? "" : "; kept as initialised: " + summary(r.kept()));
      return r;
    }
  }

  /** The first few names, then how many more: a backbone change would otherwise list hundreds. */
  private static String summary(List<String> kept) {
    int shown = Math.min(kept.size(), 4);
    return String.join(", ", kept.subList(0, shown)) + (kept.size() > shown ? " and " + (kept.size() - shown) + " more" : "");
  }

  static Report copy(FusionNet from, FusionNet to) {
    Map<String, Parameter> source = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : from.getParameters()) {
      source.put(p.getKey(), p.getValue());
    }
    int copied = 0;
    int total = 0;
    List<String> kept = new ArrayList<>();
    for (Pair<String, Parameter> p : to.getParameters()) {
      total++;
      Parameter s = source.get(p.getKey());
      NDArray target = p.getValue().getArray();
      if (s == null) {
        kept.add(p.getKey() + " (not in the source)");
      } else if (!s.getArray().getShape().equals(target.getShape())) {
        kept.add(p.getKey() + " (shape " + s.getArray().getShape() + " there, " + target.getShape() + " here)");
      } else {
        target.set(s.getArray().toFloatArray());
        copied++;
      }
    }
    return new Report(copied, total, kept);
  }
}
