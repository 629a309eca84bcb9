package org.dermmgmt.infer;

import org.dermmgmt.data.Seeds;
import org.dermmgmt.data.image.SourceImage;

/**
 * What the seed of a test-time view depends on besides the view's number.
 *
 * <p>{@link #IMAGE_PIXELS} (new runs): the image's decoded pixels, so that one photo gets the
 * same views through {@code evaluate}, {@code predict}, the service and the frozen mode's feature
 * cache, whatever file holds it (a JPEG, the DICOM made from it, the JPEG re-saved with other
 * metadata). {@link #IMAGE_CONTENT} (runs of format 2 until 2026-12-01): the file's bytes, which
 * differ between those files. {@link #CASE_NUMBER}: the dataset case number and the stream, as
 * runs of format 1 were evaluated. Older runs keep the keying they recorded, so their
 * probabilities do not change. A case without a number under CASE_NUMBER falls back to the
 * content key.
 */
public enum ViewKeying {
  CASE_NUMBER,
  IMAGE_CONTENT,
  IMAGE_PIXELS;

  /** The augmentation seed of view {@code view} (>= 1) of one image of a case. */
  public long seed(long specSeed, int view, CaseInput c, int stream, SourceImage image) {
    long viewSeed = Seeds.mix(specSeed, view);
    if (this == CASE_NUMBER && c.caseNumber() != null) {
      return Seeds.mix(viewSeed, c.caseNumber(), stream);
    }
    return imageSeed(specSeed, view, image);
  }

  /**
   * The seed of view {@code view} of an image keyed by its content (the same for every stream):
   * its pixels under IMAGE_PIXELS, else its file's bytes.
   */
  public long imageSeed(long specSeed, int view, SourceImage image) {
    return Seeds.mix(Seeds.mix(specSeed, view), this == IMAGE_PIXELS ? image.pixelKey() : image.contentKey());
  }
}
