package io.leadgrade.leads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchKeysTests {

    @Test
    void aLeadsWordsAreLowerCaseWithoutAccentsEachOnce() {
        assertThat(SearchKeys.ofLead(
                        "Zoë",
                        "Müller-Lüdenscheidt",
                        "zoe.muller@Acme.example",
                        "ACME GmbH",
                        "Directeur Général",
                        "crm-42"))
                .containsExactly(
                        "zoe",
                        "muller",
                        "ludenscheidt",
                        "acme",
                        "example",
                        "gmbh",
                        "directeur",
                        "general",
                        "crm",
                        "42");
    }

    @Test
    void whatAUserTypesSplitsTheSameWay() {
        assertThat(SearchKeys.words("  Zoë.MÜLLER ")).containsExactly("zoe", "muller");
        assertThat(SearchKeys.words(".*"))
                .as("no letter or digit: nothing to look for")
                .isEmpty();
        assertThat(SearchKeys.words("x".repeat(60))).containsExactly("x".repeat(SearchKeys.MAX_WORD));
    }

    @Test
    void missingFieldsGiveNoWords() {
        assertThat(SearchKeys.ofLead(null, null, null, null, null, "e1")).containsExactly("e1");
        assertThat(SearchKeys.email(null)).isNull();
        assertThat(SearchKeys.email(" Ann@Example.COM ")).isEqualTo("ann@example.com");
    }
}
