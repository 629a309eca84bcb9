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

  @Override
  void close();
}
