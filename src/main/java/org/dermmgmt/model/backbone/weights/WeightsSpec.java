package org.dermmgmt.model.backbone.weights;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a backbone's pretrained weights are as published: one file (MobileNetV2's .tflite) or a
 * folder of files (ResNet-50's TF.js model.json and shards), each with its pinned sha256 and URL.
 *
 * @param backbone the backbone's id ({@code mobilenet_v2}, {@code resnet50})
 * @param publishedName the file or folder name inside a weights folder and the cache
 * @param folder true when {@code publishedName} is a folder holding {@link #files()}
 * @param files the files; for a single-file spec exactly one, named {@code publishedName}
 * @param envVariable a variable naming this backbone's file or folder directly (MobileNetV2's
 *     {@code DERMMGMT_WEIGHTS}), or null
 * @param title human name for messages ("the ResNet-50 weights")
 * @param source where the files come from, for messages (a folder URL or the file URL)
 */
public record WeightsSpec(
    String backbone,
    String publishedName,
    boolean folder,
    List<WeightFile> files,
    String envVariable,
    String title,
    String source) {
  public WeightsSpec {
    files = List.copyOf(files);
    if (!folder && (files.size() != 1 || !files.get(0).name().equals(publishedName))) {
      throw new IllegalArgumentException(backbone + ": a single-file spec has one file named " + publishedName);
    }
  }

  /** The files an import cannot do without. */
  public List<WeightFile> requiredFiles() {
    return files.stream().filter(WeightFile::required).toList();
  }

  /** Where this backbone's file or folder sits inside a weights folder (or the cache). */
  public Path within(Path weightsDir) {
    return weightsDir.resolve(publishedName);
  }

  /**
   * One sha256 naming these exact weights, for provenance (config.json): the file's own sha256
   * for a single file (as MobileNetV2 runs have always recorded), else the sha256 of the required
   * files' {@code sha256sum} listing ("HASH  NAME\n" per file, in spec order).
   */
  public String fingerprint() {
    if (!folder) {
      return files.get(0).sha256();
    }
    StringBuilder listing = new StringBuilder();
    requiredFiles().forEach(f -> listing.append(f.sha256()).append("  ").append(f.name()).append('\n'));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(listing.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "model.json, group1-shard1of25.bin ... group1-shard25of25.bin" style summary for messages. */
  String describeFiles() {
    List<String> names = requiredFiles().stream().map(WeightFile::name).toList();
    if (names.size() <= 3) {
      return String.join(", ", names);
    }
    return names.get(0) + ", " + names.get(1) + " ... " + names.get(names.size() - 1);
  }
}
