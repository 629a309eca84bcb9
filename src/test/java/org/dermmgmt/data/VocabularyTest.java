package org.dermmgmt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  @Test
  void splitParsing() {
    assertThat(Split.parse(" Train ")).isEqualTo(Split.TRAIN);
    assertThat(Split.TEST.indexFile()).isEqualTo("test_indexes.csv");
    assertThat(Split.parseList("train,VALID,train")).containsExactly(Split.TRAIN, Split.VALID);
    assertThatThrownBy(() -> Split.parse("dev"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("'dev'")
        .hasMessageContaining("train, valid, test");
  }

  @Test
  void criteriaGroupingFollowsDerm7ptLoader() {
    assertThat(Criterion.PIG.group("localized regular")).isEqualTo(1);
    assertThat(Criterion.PIG.group("diffuse irregular")).isEqualTo(2);
    assertThat(Criterion.VS.group("wreath")).isEqualTo(1);
    assertThat(Criterion.VS.group("linear irregular")).isEqualTo(2);
    assertThat(Criterion.RS.group("combinations")).isEqualTo(1);
    assertThat(Criterion.PN.labels()).containsExactly("ABS", "TYP", "ATP");
    assertThat(Criterion.BWV.numClasses()).isEqualTo(2);
    assertThat(Criterion.DaG.column()).isEqualTo("dots_and_globules");
    assertThat(Criterion.STR.tryGroup("sometimes")).isEmpty();
    assertThatThrownBy(() -> Criterion.STR.group("sometimes"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("streaks")
        .hasMessageContaining("irregular");
  }

  @Test
  void sevenPointScoreWeightsMajorCriteriaTwice() {
    // PN atypical 2 + STR irregular 1 + PIG irregular 1 + RS present 1 + DaG irregular 1
    // + BWV present 2 + VS irregular 2 = 10, the maximum.
    assertThat(Criterion.sevenPointScore(new int[] {2, 2, 2, 1, 2, 1, 2})).isEqualTo(10);
    assertThat(Criterion.sevenPointScore(new int[] {1, 1, 1, 0, 1, 0, 1})).isZero();
    assertThat(Criterion.sevenPointScore(new int[] {0, 0, 0, 0, 0, 1, 0})).isEqualTo(2);
  }

  @Test
  void metadataOneHotOrderAndErrors() {
    float[] v = MetadataEncoder.encode("Male", "genital areas", "nodular");
    assertThat(v).hasSize(14);
    assertThat(MetadataEncoder.featureNames().get(1)).isEqualTo("sex=male");
    assertThat(v[1]).isEqualTo(1f);
    assertThat(v[2 + MetadataEncoder.LOCATIONS.indexOf("genital areas")]).isEqualTo(1f);
    assertThat(v[13]).isEqualTo(1f);
    assertThatThrownBy(() -> MetadataEncoder.encode("male", "moon", "flat"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("location")
        .hasMessageContaining("'moon'")
        .hasMessageContaining("upper limbs");
  }
}
