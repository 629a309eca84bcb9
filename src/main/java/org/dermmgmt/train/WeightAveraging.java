package org.dermmgmt.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the selected epoch by the mean of the weights of the last {@code averageLast} epochs
 * (stochastic weight averaging, Izmailov et al. 2018): the mean of points along the end of the
 * schedule tends to sit in a flatter, better-generalising region than any one of them, and it is
 * not picked on the selection split, so its score there is not inflated by the pick. The network
 * has no batch norm, so no statistics need recomputing.
 */
final class WeightAveraging {
  private WeightAveraging() {}

  /** Averages, saves model.params, scores the average and removes the per-epoch files. */
  static TrainState apply(EpochLoop loop) {
    EpochLoop.Context ctx = loop.ctx;
    TrainOptions opt = loop.opt;
    int from = opt.epochs() - opt.averagedEpochs() + 1;
    List<Path> files = new ArrayList<>();
    for (int e = from; e <= opt.epochs(); e++) {
      files.add(ctx.run().epochParameters(e));
    }
    WeightAverage.load(ctx.net(), ctx.model().getNDManager(), files);
    ctx.run().saveParameters(ctx.net(), ctx.run().model());
    SelectionMetrics.Score score = loop.score();
    TrainState st = new TrainState(loop.st.epochsDone(), loop.st.epochsDone(), loop.key(score),
        score.accuracy(), score.macroAuroc(), loop.st.stale(), true);
    ctx.run().writeJson(ctx.run().state(), st);
    ctx.err().printf("model: mean of the weights of epochs %d-%d; selection accuracy %.4f, macro AUROC %.4f%n",
        from, opt.epochs(), score.accuracy(), score.macroAuroc());
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException ex) {
        ctx.err().println("could not delete " + f + ": " + ex.getMessage());
      }
    }
    return st;
  }

  /** What model.params holds, in words, for the result line and result.json. */
  static String describe(TrainOptions opt, TrainState st) {
    if (st.averaged()) {
      int from = opt.epochs() - opt.averagedEpochs() + 1;
      return from == opt.epochs()
          ? "the last epoch's weights (epoch " + from + ", --average-last window of one)"
          : "mean of the weights of epochs " + from + "-" + opt.epochs();
    }
    return "epoch " + st.bestEpoch() + " of " + st.epochsDone() + " (selected by " + opt.selectBy() + ")";
  }
}
