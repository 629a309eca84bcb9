package org.dermmgmt.data.image;

/**
 * A decoded, border-cropped and downscaled image ready for the pipeline's views, with a key
 * derived from its bytes: the seeded test-time views of an image depend on its content only, so
 * the same photo gets the same views whether it comes from a dataset, a file or an upload.
 *
 * @param base the image after border crop and the first downscale
 * @param contentKey the first 8 bytes of the sha256 of the encoded file
 */
public record SourceImage(RgbImage base, long contentKey) {}
