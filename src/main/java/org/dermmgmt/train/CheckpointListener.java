package org.dermmgmt.train;

import org.dermmgmt.infer.RunDir;
import ai.djl.nn.Block;
import java.util.function.Supplier;

/**
 * Saves the parameters after every epoch (checkpoint.params, for --resume) and the best epoch's
 * (model.params, what evaluation and prediction use), then the state that says which epoch is
 * done. State goes last: a run killed before it simply redoes the epoch.
 */
public final class CheckpointListener implements TrainingListener {
  private final RunDir run;
  private final Block net;
  private final Supplier<TrainState> state;

  public CheckpointListener(RunDir run, Block net, Supplier<TrainState> state) {
    this.run = run;
    this.net = net;
    this.state = state;
  }

  @Override
  public void onEpochEnd(EpochResult result) {
    if (result.best()) {
      run.saveParameters(net, run.model());
    }
    run.saveParameters(net, run.checkpoint());
    run.writeJson(run.state(), state.get());
  }
}
