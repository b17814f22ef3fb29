package io.leadgrade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountriesTests {

    @Test
    void codesInAnyCaseAndAlpha3CodesGiveTheAlpha2Code() {
        assertThat(Countries.code("DE")).isEqualTo("DE");
        assertThat(Countries.code(" us ")).isEqualTo("US");
        assertThat(Countries.code("DEU")).isEqualTo("DE");
        assertThat(Countries.code("gbr")).isEqualTo("GB");
    }

    @Test
    void namesInEnglishAndOtherLanguagesGiveTheCodeWhateverTheirCaseAccentsOrPunctuation() {
        assertThat(Countries.code("Russia")).isEqualTo("RU");
        assertThat(Countries.code("Germany")).isEqualTo("DE");
        assertThat(Countries.code("Deutschland")).isEqualTo("DE");
        assertThat(Countries.code("Allemagne")).isEqualTo("DE");
        assertThat(Countries.code("united kingdom")).isEqualTo("GB");
        assertThat(Countries.code("UK")).isEqualTo("GB");
        assertThat(Countries.code("United States")).isEqualTo("US");
        assertThat(Countries.code("Cote d'Ivoire")).isEqualTo("CI");
        assertThat(Countries.code("España")).isEqualTo("ES");
    }

    @Test
    void valuesThatNameNoCountryGiveNothing() {
        assertThat(Countries.code("unknown")).isNull();
        assertThat(Countries.code("Atlantis")).isNull();
        assertThat(Countries.code("")).isNull();
        assertThat(Countries.code(null)).isNull();
    }
}
