package org.dermmgmt.model.backbone.weights;

import java.net.URI;

/**
 * One published file of a backbone's pretrained weights.
 *
 * @param name the file's name where dermmgmt looks for it (inside the backbone's folder for a
 *     folder-shaped backbone)
 * @param sha256 the pinned checksum; every copy found or downloaded is checked against it
 * @param url where it is downloaded from when it is not found (a pinned, immutable location)
 * @param required false for companions such as the labels or the licence: checked when present,
 *     downloaded with the rest, but their absence does not stop an import
 */
public record WeightFile(String name, String sha256, URI url, boolean required) {}
