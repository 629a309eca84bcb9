package org.dermmgmt.serve;

import java.awt.image.BufferedImage;

/**
 * One case as the service received it: decoded images (in memory only) and metadata already
 * checked against the model's vocabularies. An image the model does not use may be null.
 *
 * @param clinicBytes the encoded upload (it keys the test-time views, as a file's bytes do)
 * @param explain whether to add Grad-CAM heat maps for the recommended management
 */
public record CaseRequest(
    BufferedImage clinic, BufferedImage derm, String sex, String location, String elevation,
    boolean explain, byte[] clinicBytes, byte[] dermBytes) {}
