package org.dermmgmt.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.dermmgmt.Progress;
import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.infer.InferenceSpec;
import org.dermmgmt.infer.StreamFeatureMemo;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.backbone.Backbone;
import org.dermmgmt.model.script.Precision;

/**
 * The fused input vectors of the frozen mode: each stream's pooled features of each image and
 * view from the {@link FeatureCache} (computed once), concatenated with the metadata one-hot.
 */
final class FrozenFeatures {
  private final List<FeatureCache> streamCaches = new ArrayList<>();
  private final Inputs inputs;
  private final MetadataVocabulary metadata;
  private final int fused;

  /**
   * @param views views 0..views of every image are made available
   * @param weightsSha256 the backbone weights' sha256 (part of the cache key), or null
   * @param handOver whether to hand the features to the process's memo: only a frozen run's, whose
   *     loaded model will look them up; a fine-tuned run's head warm-up would only hash its streams
   *     and fill the memo with features no fine-tuned model asks for
   */
  FrozenFeatures(FusionNet net, CaseSource source, List<LesionCase> cases, ImagePipeline pipeline,
      InferenceSpec spec, int views, String weightsSha256, long seed, String preprocessing,
      Path cacheRoot, NDManager manager, PrintStream err, boolean handOver) {
    this.inputs = net.config().inputs();
    this.metadata = net.config().metadata();
    this.fused = net.fusedSize();
    Backbone backbone = net.config().backboneImpl();
    List<Block> streams = net.streams();
    for (int s = 0; s < streams.size(); s++) {
      boolean clinicStream = inputs.clinic() && s == 0;
      LinkedHashSet<String> images = new LinkedHashSet<>();
      for (LesionCase c : cases) {
        // A shared or pretrained backbone is the same function for both images: one cache.
        if (streams.size() == 1) {
          if (inputs.clinic()) images.add(c.clinic());
          if (inputs.derm()) images.add(c.derm());
        } else {
          images.add(clinicStream ? c.clinic() : c.derm());
        }
      }
      FeatureCache cache =
          new FeatureCache(cacheRoot, backbone.featureFingerprint(weightsSha256, seed, s, preprocessing), spec,
              Precision.inference());
      try (ProgressBar bar =
          Progress.bar("features " + (s + 1) + "/" + streams.size(), (long) images.size() * (views + 1), err)) {
        cache.compute(new ArrayList<>(images), views, streams.get(s), pipeline, source, manager, bar::stepBy);
      }
      streamCaches.add(cache);
      if (handOver) {
        offerToMemo(streams.get(s), new ArrayList<>(images), views, pipeline, spec, source, cache);
      }
    }
  }

  /**
   * A reproduction's or cross-validation's evaluations of frozen runs look up these same features
   * (StreamFeatureMemo): the loaded runs' streams hold these weights.
   */
  private static void offerToMemo(Block stream, List<String> images, int views, ImagePipeline pipeline,
      InferenceSpec spec, CaseSource source, FeatureCache cache) {
    StreamFeatureMemo.Use memo = StreamFeatureMemo.forModel(Precision.inference());
    if (memo != null) {
      memo.offer(stream, pipeline, spec, images.stream().map(source::image).toList(), views,
          (i, v) -> cache.get(images.get(i), v));
    }
  }

  int size() {
    return fused;
  }

  /** The fused vector of one case in one view. */
  float[] of(LesionCase c, int view) {
    float[] out = new float[fused];
    int at = 0;
    if (inputs.clinic()) {
      float[] f = streamCaches.get(0).get(c.clinic(), view);
      System.arraycopy(f, 0, out, at, f.length);
      at += f.length;
    }
    if (inputs.derm()) {
      float[] f = streamCaches.get(streamCaches.size() - 1).get(c.derm(), view);
      System.arraycopy(f, 0, out, at, f.length);
      at += f.length;
    }
    if (inputs.meta()) {
      float[] m = metadata.encode(c);
      System.arraycopy(m, 0, out, at, m.length);
    }
    return out;
  }

  /** The fused vectors of several cases in one view, row after row. */
  float[] of(List<LesionCase> cases, int view) {
    float[] x = new float[cases.size() * fused];
    for (int i = 0; i < cases.size(); i++) {
      System.arraycopy(of(cases.get(i), view), 0, x, i * fused, fused);
    }
    return x;
  }
}
