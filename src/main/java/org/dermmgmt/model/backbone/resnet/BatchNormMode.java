package org.dermmgmt.model.backbone.resnet;

/** What ResNet-50's batch norm layers do in training mode (at inference they always use the running statistics). */
public enum BatchNormMode {
  /**
   * The default for fine-tuning: normalise with the ImageNet running statistics even in training
   * mode and never update them; gamma and beta still train. Batches of 8-16 lesion photos are too
   * small and too alike to re-estimate 53 layers' statistics, and re-estimating them would move
   * every layer's input away from what the pretrained weights expect.
   */
  FROZEN,
  /**
   * Classic training behaviour: normalise with the batch's statistics and update the running
   * ones (Keras momentum 0.99), for large batches or training from scratch.
   */
  REESTIMATE;

  /** The option value (lower case), as a config file or flag would spell it. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static BatchNormMode of(String id) {
    for (BatchNormMode m : values()) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    throw new org.dermmgmt.UserInputException(
        "unknown batch norm mode '" + id + "'; expected frozen or reestimate");
  }
}
