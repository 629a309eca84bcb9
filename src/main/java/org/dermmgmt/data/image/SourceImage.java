package org.dermmgmt.data.image;

/**
 * A decoded, border-cropped and downscaled image ready for the pipeline's views, with keys derived
 * from its content: the seeded test-time views of an image depend on its content only, so the
 * same photo gets the same views whether it comes from a dataset, a file or an upload.
 *
 * @param base the image after border crop and the first downscale
 * @param contentKey the first 8 bytes of the sha256 of the encoded file (runs of format 2 key
 *     their views by it)
 * @param pixelKey the first 8 bytes of the sha256 of the decoded RGB pixels: the same for a JPEG
 *     and a DICOM or PNG holding the same pixels, and for a JPEG re-saved with other metadata
 */
public record SourceImage(RgbImage base, long contentKey, long pixelKey) {}
