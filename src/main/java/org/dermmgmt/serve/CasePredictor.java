package org.dermmgmt.serve;

import java.util.List;

/**
 * The one seam between the service and the model: everything the HTTP layer knows about
 * inference. Implementations must be safe to call from several worker threads at once; a batch
 * holds the requests one worker gathered, and the answers come back in the same order.
 */
public interface CasePredictor extends AutoCloseable {
  /** What the loaded model is and expects; fixed for the predictor's lifetime. */
  ModelCard card();

  /** Predicts every request of the batch in one pass where possible (same order out as in). */
  List<CaseResult> predict(List<CaseRequest> batch);

  /**
   * The service's own prediction before it listens (a blank case): like {@link #predict} but not
   * a user's prediction, so it leaves no trace in an audit log.
   */
  default void warmUp(CaseRequest blank) {
    predict(List.of(blank));
  }

  @Override
  void close();
}
