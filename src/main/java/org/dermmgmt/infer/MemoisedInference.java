package org.dermmgmt.infer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.SourceImage;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.Inputs;

/**
 * One group of an {@link Inferer} applied through the {@link StreamFeatureMemo}: what the full
 * network computes, split where it splits (each stream's pooled features, then the concatenation
 * with the metadata and the heads), with the streams' features looked up before any image is
 * decoded and computed only where missing. The heads' outputs are averaged in the order the
 * plain path averages them (view by view, batch by batch, member by member), so both give the
 * same probabilities. It applies to files only (uploads are never kept) and to views keyed by
 * the images' content (format-1 runs key theirs by case number).
 */
final class MemoisedInference {
  private MemoisedInference() {}

  /** Whether the memo can serve this call: every image the group uses is a file; content-keyed views. */
  static boolean applies(Inferer.Group group, List<CaseInput> cases, InferenceSpec spec) {
    if (spec.keying() == ViewKeying.CASE_NUMBER) {
      return false;
    }
    Inputs inputs = group.members().get(0).config().inputs();
    for (CaseInput c : cases) {
      if ((inputs.clinic() && !(c.clinic() instanceof ImageInput.File))
          || (inputs.derm() && !(c.derm() instanceof ImageInput.File))) {
        return false; // the plain path handles (and reports) missing images and uploads
      }
    }
    return true;
  }

  static List<Prediction> predict(Inferer.Group group, List<CaseInput> cases, InferenceSpec spec,
      NDManager manager, StreamFeatureMemo.Use memo, IntConsumer progress) {
    List<FusionNet> members = group.members();
    ImagePipeline pipeline = group.pipeline();
    Inputs inputs = members.get(0).config().inputs();
    float[][] metadata = inputs.meta() ? metadata(members.get(0), cases) : null;
    String prep = pipeline.fingerprint();
    EnsembleAverage average = new EnsembleAverage(cases.size());
    for (int v = 0; v <= spec.views(); v++) {
      // Per member, per input image: the features of every case in this view.
      List<List<float[][]>> features = new ArrayList<>();
      for (FusionNet member : members) {
        List<float[][]> perInput = new ArrayList<>();
        if (inputs.clinic()) {
          perInput.add(features(memo, member.streams().get(0), pipeline, prep, spec, v, cases, CaseInput::clinic,
              "clinic", manager));
        }
        if (inputs.derm()) {
          Block derm = member.streams().get(member.streams().size() - 1);
          perInput.add(features(memo, derm, pipeline, prep, spec, v, cases, CaseInput::derm, "derm", manager));
        }
        features.add(perInput);
      }
      for (int from = 0; from < cases.size(); from += spec.batchSize()) {
        int n = Math.min(spec.batchSize(), cases.size() - from);
        try (NDManager m = manager.newSubManager()) {
          for (int k = 0; k < members.size(); k++) {
            FusionNet member = members.get(k);
            float[] fused = fused(features.get(k), metadata, from, n, member.fusedSize());
            NDList x = new NDList(m.create(FloatBuffer.wrap(fused), new Shape(n, member.fusedSize())));
            average.add(List.of(member.head()), m, x, from);
          }
        }
        if (progress != null) {
          progress.accept(n);
        }
      }
      average.viewDone(members.size());
    }
    return average.means(cases.stream().map(CaseInput::id).toList());
  }

  /** Rows {@code from .. from + n}: each input's features, then the metadata, as FusionNet concatenates them. */
  private static float[] fused(List<float[][]> perInput, float[][] metadata, int from, int n, int width) {
    float[] out = new float[n * width];
    for (int i = 0; i < n; i++) {
      int at = i * width;
      for (float[][] input : perInput) {
        float[] f = input[from + i];
        System.arraycopy(f, 0, out, at, f.length);
        at += f.length;
      }
      if (metadata != null) {
        System.arraycopy(metadata[from + i], 0, out, at, metadata[from + i].length);
      }
    }
    return out;
  }

  private static float[][] metadata(FusionNet net, List<CaseInput> cases) {
    float[][] rows = new float[cases.size()][];
    for (int i = 0; i < rows.length; i++) {
      try {
        rows[i] = CaseInputs.metadata(net.config().metadata(), cases.get(i));
      } catch (UserInputException e) {
        throw e.inCase(cases.get(i).id(), null);
      }
    }
    return rows;
  }

  /** One stream's features of one image of every case in view {@code v}, computing the missing ones. */
  private static float[][] features(StreamFeatureMemo.Use memo, Block stream, ImagePipeline pipeline, String prep,
      InferenceSpec spec, int v, List<CaseInput> cases, Function<CaseInput, ImageInput> image, String field,
      NDManager manager) {
    String id = memo.stream(stream);
    float[][] out = new float[cases.size()][];
    // Each missing file once, with the first case that uses it (errors name that case).
    Map<Path, Integer> missing = new LinkedHashMap<>();
    StreamFeatureMemo.Key[] keys = new StreamFeatureMemo.Key[cases.size()];
    for (int i = 0; i < cases.size(); i++) {
      Path file = ((ImageInput.File) image.apply(cases.get(i))).path();
      keys[i] = StreamFeatureMemo.key(id, prep, spec, v, file);
      out[i] = keys[i] == null ? null : memo.store().get(keys[i]);
      if (out[i] == null) {
        missing.putIfAbsent(file, i);
      }
    }
    List<Integer> firsts = new ArrayList<>(missing.values());
    Map<Path, float[]> computed = new LinkedHashMap<>();
    for (int from = 0; from < firsts.size(); from += spec.batchSize()) {
      List<Integer> slice = firsts.subList(from, Math.min(firsts.size(), from + spec.batchSize()));
      List<Supplier<SourceImage>> loaders = new ArrayList<>();
      for (int i : slice) {
        CaseInput c = cases.get(i);
        loaders.add(() -> {
          try {
            return image.apply(c).load(pipeline);
          } catch (UserInputException e) {
            throw e.inCase(c.id(), field); // the decoder names the file; the case and field say where
          }
        });
      }
      float[][] f = StreamFeatures.compute(stream, manager, pipeline, spec, v, loaders);
      for (int j = 0; j < slice.size(); j++) {
        int i = slice.get(j);
        computed.put(((ImageInput.File) image.apply(cases.get(i))).path(), f[j]);
        if (keys[i] != null) {
          memo.store().put(keys[i], f[j]);
        }
      }
    }
    for (int i = 0; i < cases.size(); i++) {
      if (out[i] == null) {
        out[i] = computed.get(((ImageInput.File) image.apply(cases.get(i))).path());
      }
    }
    return out;
  }
}
