package org.dermmgmt.infer;

import org.dermmgmt.data.Seeds;
import org.dermmgmt.data.image.SourceImage;

/**
 * What the seed of a test-time view depends on besides the view's number.
 *
 * <p>{@link #IMAGE_CONTENT} (runs of format 2 on): the image's bytes, so that one photo gets the
 * same views through {@code evaluate}, {@code predict}, the service and the frozen mode's feature
 * cache. {@link #CASE_NUMBER}: the dataset case number and the stream, as runs of format 1 were
 * evaluated; kept so their probabilities do not change. A case without a number (a new case)
 * under it falls back to the content key.
 */
public enum ViewKeying {
  CASE_NUMBER,
  IMAGE_CONTENT;

  /** The augmentation seed of view {@code view} (>= 1) of one image of a case. */
  public long seed(long specSeed, int view, CaseInput c, int stream, SourceImage image) {
    long viewSeed = Seeds.mix(specSeed, view);
    if (this == CASE_NUMBER && c.caseNumber() != null) {
      return Seeds.mix(viewSeed, c.caseNumber(), stream);
    }
    return contentSeed(specSeed, view, image);
  }

  /** The content-keyed seed of view {@code view} of an image (the same for every stream). */
  public static long contentSeed(long specSeed, int view, SourceImage image) {
    return Seeds.mix(Seeds.mix(specSeed, view), image.contentKey());
  }
}
