package org.dermmgmt.model.backbone;

import org.dermmgmt.UserInputException;
import org.dermmgmt.model.backbone.resnet.ResNet50;

/** {@code --freeze-stages K} on a ResNet stream, with the option named in the error. */
final class ResNet50Stages {
  private ResNet50Stages() {}

  static void freeze(Backbone backbone, ResNet50 stream, int count) {
    int max = backbone.stages().size();
    if (count < 0 || count > max) {
      throw new UserInputException("--freeze-stages must be in 0.." + max + " for " + backbone.name()
          + " (" + String.join(", ", backbone.stages()) + "), got " + count);
    }
    stream.freezeStages(count);
  }
}
