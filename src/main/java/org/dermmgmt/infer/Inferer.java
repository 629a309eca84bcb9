package org.dermmgmt.infer;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.FusionNet;

/**
 * The one way a model is applied to cases: the plain view and the spec's seeded augmented views,
 * in batches, through every member of an ensemble, softmax outputs averaged. {@code predict},
 * {@code evaluate}, {@code reproduce}, the service and training's selection passes all call this.
 * Each batch is decoded and augmented once and fed to every member, since image work costs about
 * as much as a forward pass on a small machine. A mixed model has several groups of members, each
 * with its own preprocessing (a backbone's normalisation); the groups' means are averaged with
 * equal weight.
 */
public final class Inferer {
  /**
   * Networks of one architecture (one, or an ensemble's) and the preprocessing they were trained
   * with.
   *
   * @param frozenStreams whether the streams hold a backbone's published weights untrained (a
   *     frozen-mode run): only such streams' features are worth keeping ({@link StreamFeatureMemo}),
   *     since other runs on the same backbone compute the same ones
   */
  public record Group(List<FusionNet> members, ImagePipeline pipeline, boolean frozenStreams) {
    public Group {
      if (members.isEmpty()) {
        throw new IllegalArgumentException("an inferer needs at least one network");
      }
      members = List.copyOf(members);
    }

    public Group(List<FusionNet> members, ImagePipeline pipeline) {
      this(members, pipeline, false);
    }
  }

  private final List<Group> groups;
  private final NDManager manager;
  private final InferenceSpec spec;
  /** The process's feature memo for a loaded model's frozen streams, or null (StreamFeatureMemo). */
  private final StreamFeatureMemo.Use memo;

  /**
   * @param members networks of one architecture (one, or an ensemble's)
   * @param manager the NDManager a per-batch sub-manager is made from
   */
  public Inferer(List<FusionNet> members, NDManager manager, ImagePipeline pipeline, InferenceSpec spec) {
    this(List.of(new Group(members, pipeline)), manager, spec, null);
  }

  /**
   * A mixed model: each group's mean over its members and views, averaged over the groups.
   *
   * @param memo where the streams' features of image files may be kept and found, or null; only
   *     for networks whose weights no longer change (a loaded run)
   */
  public Inferer(List<Group> groups, NDManager manager, InferenceSpec spec, StreamFeatureMemo.Use memo) {
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("an inferer needs at least one group of networks");
    }
    this.groups = List.copyOf(groups);
    this.manager = manager;
    this.spec = spec;
    this.memo = memo;
  }

  public InferenceSpec spec() {
    return spec;
  }

  /** The same groups applied with another spec (another number of test-time views). */
  public Inferer withSpec(InferenceSpec other) {
    return new Inferer(groups, manager, other, memo);
  }

  /** The groups in order: one, or one per part of a mixed model. */
  public List<Group> groups() {
    return groups;
  }

  /** The first group's preprocessing (the only one unless the model is mixed). */
  public ImagePipeline pipeline() {
    return groups.get(0).pipeline();
  }

  /** Cases × views × groups forward passes, for progress bars. */
  public long work(int cases) {
    return (long) cases * (spec.views() + 1) * groups.size();
  }

  /**
   * Averaged probabilities of every case, in input order; {@code progress} gets cases done per batch.
   * Runs with libtorch's autograd off ({@link NoGrad}).
   */
  public List<Prediction> predict(List<CaseInput> cases, IntConsumer progress) {
    return NoGrad.call(() -> predictNoGrad(cases, progress));
  }

  private List<Prediction> predictNoGrad(List<CaseInput> given, IntConsumer progress) {
    List<CaseInput> cases = decodedOnce(given);
    if (groups.size() == 1) {
      return predictGroup(groups.get(0), cases, progress);
    }
    List<List<Prediction>> perGroup = new ArrayList<>();
    for (Group group : groups) {
      perGroup.add(predictGroup(group, cases, progress));
    }
    return EnsembleAverage.meanOfGroups(perGroup);
  }

  private List<Prediction> predictGroup(Group group, List<CaseInput> cases, IntConsumer progress) {
    // A fine-tuned stream's features are rarely asked for twice, and computing them through the
    // memo is slower (no decoding ahead of the forward): those take the plain path.
    if (memo != null && group.frozenStreams() && MemoisedInference.applies(group, cases, spec)) {
      return MemoisedInference.predict(group, cases, spec, manager, memo, progress);
    }
    List<FusionNet> members = group.members();
    ImagePipeline pipeline = group.pipeline();
    EnsembleAverage average = new EnsembleAverage(cases.size());
    try (BatchLoader loader =
        new BatchLoader(pipeline, members.get(0).config().inputs(), members.get(0).config().metadata())) {
      List<BatchLoader.ViewSeeds> views = new ArrayList<>();
      for (int v = 0; v <= spec.views(); v++) {
        views.add(seeds(v));
      }
      if (views.size() > 1 && cases.size() * views.size() <= STACKED_ROWS) {
        // A small call (one case, a service batch): its views stacked into one batch, one
        // forward per member instead of one per member and view (fewer, larger forwards).
        List<CaseBatch> parts = new ArrayList<>();
        for (BatchLoader.ViewBatch<CaseInput> batch : loader.batches(cases, c -> c, spec.batchSize(), views)) {
          parts.add(batch.data());
        }
        try (NDManager m = manager.newSubManager()) {
          average.addStacked(members, m, CaseBatch.concat(parts).inputs(m, members.get(0).config().inputs()),
              views.size(), cases.size());
        }
        if (progress != null) {
          progress.accept(cases.size() * views.size());
        }
        return average.means(cases.stream().map(CaseInput::id).toList());
      }
      int offset = 0;
      for (BatchLoader.ViewBatch<CaseInput> batch : loader.batches(cases, c -> c, spec.batchSize(), views)) {
        try (NDManager m = manager.newSubManager()) {
          average.add(members, m, batch.data().inputs(m, members.get(0).config().inputs()), offset);
        }
        offset += batch.items().size();
        if (progress != null) {
          progress.accept(batch.items().size());
        }
        if (offset == cases.size()) { // the view's last batch
          average.viewDone(members.size());
          offset = 0;
        }
      }
    }
    return average.means(cases.stream().map(CaseInput::id).toList());
  }

  /**
   * At most this many rows (cases x views) are stacked into one forward: a service batch of 8
   * requests with 5 views. Measured on the default model at 4 concurrent clients (BENCHMARKS.md):
   * 6.6-8.0 requests/s stacking up to 40 rows against 6.3-7.4 stacking up to 16.
   */
  static final int STACKED_ROWS = 40;

  /**
   * Up to this many cases per call, in-memory images are decoded once for all views rather than once
   * per view; the service's micro-batches and single predictions are far below it. Larger calls
   * (Spark's chunks of remote images) would hold every decoded image of the call at once, ~1 MB
   * each, so they decode per view as before.
   */
  static final int DECODE_ONCE_UP_TO = 64;

  private List<CaseInput> decodedOnce(List<CaseInput> cases) {
    if (spec.views() == 0 || cases.size() > DECODE_ONCE_UP_TO) {
      return cases;
    }
    return cases.stream()
        .map(c -> new CaseInput(c.id(), c.caseNumber(), once(c.clinic()), once(c.derm()), c.sex(), c.location(),
            c.elevation()))
        .toList();
  }

  private static ImageInput once(ImageInput image) {
    return image instanceof ImageInput.Bytes || image instanceof ImageInput.Decoded ? new ImageInput.Once(image) : image;
  }

  /** The seeds of view {@code v}: the plain view for 0, the spec's augmentation otherwise. */
  private BatchLoader.ViewSeeds seeds(int v) {
    if (v == 0) {
      return BatchLoader.ViewSeeds.PLAIN;
    }
    return (c, stream, image) -> spec.keying().seed(spec.seed(), v, c, stream, image);
  }
}
