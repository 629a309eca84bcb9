package org.dermmgmt.serve;

import org.dermmgmt.data.image.RgbImage;

/**
 * One case as the service received it: images decoded once (in memory only, upright, as the
 * inference pipeline decodes them) and metadata already checked against the model's
 * vocabularies. An image the model does not use may be null.
 *
 * @param clinicBytes the encoded upload (it keys the test-time views, as a file's bytes do)
 * @param explain whether to add Grad-CAM heat maps for the recommended management
 */
public record CaseRequest(
    RgbImage clinic, RgbImage derm, String sex, String location, String elevation,
    boolean explain, byte[] clinicBytes, byte[] dermBytes) {}
