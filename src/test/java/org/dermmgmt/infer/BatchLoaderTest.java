package org.dermmgmt.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.image.Augmentation;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.TestImages;
import org.dermmgmt.model.Inputs;
import org.junit.jupiter.api.Test;

/**
 * Batches over several views come view by view, each view's batches in case order, and are the
 * same batches the one-view call builds: decoding ahead across views changes timing, not content.
 */
class BatchLoaderTest {
  @Test
  void viewsComeOneAfterTheOtherWithTheBatchesOfSingleViewCalls() {
    ImagePipeline pipeline = ImagePipeline.builder().setSize(24).optAugmentation(Augmentation.defaults()).build();
    List<CaseInput> cases = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] jpeg = TestImages.jpeg(TestImages.pattern(40 + i, 36), false);
      cases.add(new CaseInput("c" + i, null, new ImageInput.Bytes("clinic", jpeg), null, null, null, null));
    }
    List<BatchLoader.ViewSeeds> views = List.of(BatchLoader.ViewSeeds.PLAIN, (c, s, im) -> 7L, (c, s, im) -> 8L);
    try (BatchLoader loader = new BatchLoader(pipeline, Inputs.parse("C"), MetadataVocabulary.derm7pt())) {
      List<BatchLoader.ViewBatch<CaseInput>> all = new ArrayList<>();
      loader.batches(cases, c -> c, 2, views).forEach(all::add);
      assertThat(all).extracting(BatchLoader.ViewBatch::view).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2);
      assertThat(all).extracting(b -> b.items().get(0).id())
          .containsExactly("c0", "c2", "c4", "c0", "c2", "c4", "c0", "c2", "c4");
      for (int v = 0; v < views.size(); v++) {
        int k = 3 * v;
        for (BatchLoader.ViewBatch<CaseInput> alone : loader.batches(cases, c -> c, 2, views.get(v))) {
          assertThat(all.get(k++).data().clinic()).containsExactly(alone.data().clinic());
        }
      }
      assertThat(all.get(3).data().clinic()).as("an augmented view differs from the plain one")
          .isNotEqualTo(all.get(0).data().clinic());
    }
  }
}
