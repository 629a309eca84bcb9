package org.dermmgmt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;

class MetadataVocabularyTest {
  private static LesionCase lesion(String sex, String location, String elevation) {
    return new LesionCase(0, 1, "", null, new int[7], 0, Management.NONE, sex, location, elevation, "c", "d");
  }

  @Test
  void derm7ptIsTodaysFourteenValueEncoding() {
    MetadataVocabulary v = MetadataVocabulary.derm7pt();
    assertThat(v.size()).isEqualTo(14).isEqualTo(MetadataEncoder.SIZE);
    assertThat(v.featureNames()).isEqualTo(MetadataEncoder.featureNames());
    for (String s : MetadataEncoder.SEXES) {
      for (String l : MetadataEncoder.LOCATIONS) {
        for (String e : MetadataEncoder.ELEVATIONS) {
          assertThat(v.encode(s, l, e)).containsExactly(MetadataEncoder.encode(s, l, e));
        }
      }
    }
  }

  @Test
  void fromCasesKeepsDerm7ptOrderThenAddsNewValuesAlphabetically() {
    List<LesionCase> all = new ArrayList<>();
    for (String l : MetadataEncoder.LOCATIONS) {
      for (String e : MetadataEncoder.ELEVATIONS) {
        all.add(lesion(l.length() % 2 == 0 ? "female" : "male", l, e));
      }
    }
    all.add(lesion("F", "Back", "flat"));
    assertThat(MetadataVocabulary.fromCases(all)).isEqualTo(MetadataVocabulary.derm7pt());

    List<LesionCase> clinic = List.of(lesion("female", "scalp", "flat"), lesion("male", "back", "raised"),
        lesion("female", "Nail_Bed", "flat"));
    MetadataVocabulary v = MetadataVocabulary.fromCases(clinic);
    assertThat(v.sexes()).containsExactly("female", "male");
    assertThat(v.locations()).containsExactly("back", "nail bed", "scalp");
    assertThat(v.elevations()).containsExactly("flat", "raised");
    assertThat(v.size()).isEqualTo(7);
    assertThat(v.encode("M", "scalp ", "raised")).containsExactly(0, 1, 0, 0, 1, 0, 1);

    MetadataVocabulary extended = MetadataVocabulary.derm7pt().extendedWith(clinic);
    assertThat(extended.locations().subList(0, 9)).isEqualTo(MetadataEncoder.LOCATIONS);
    assertThat(extended.locations().subList(9, 11)).containsExactly("nail bed", "scalp");
    assertThat(extended.elevations()).containsExactly("flat", "palpable", "nodular", "raised");
  }

  @Test
  void unknownValuesNameTheFieldAndTheAllowedValues() {
    assertThatThrownBy(() -> MetadataVocabulary.derm7pt().encode("female", "scalp", "flat"))
        .isInstanceOf(UserInputException.class)
        .hasMessage("unknown location 'scalp': expected one of abdomen, acral, back, buttocks, chest, "
            + "genital areas, head neck, lower limbs, upper limbs");
    assertThatThrownBy(() -> new MetadataVocabulary(List.of("female", "Female"), List.of("a"), List.of("b")))
        .hasMessageContaining("repeated sex");
  }

  @Test
  void roundTripsThroughJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    MetadataVocabulary v = MetadataVocabulary.fromCases(List.of(lesion("female", "scalp", "flat")));
    String text = json.writeValueAsString(v);
    assertThat(text).isEqualTo("{\"sexes\":[\"female\"],\"locations\":[\"scalp\"],\"elevations\":[\"flat\"]}");
    assertThat(json.readValue(text, MetadataVocabulary.class)).isEqualTo(v);
  }
}
