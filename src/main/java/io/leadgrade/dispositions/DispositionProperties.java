package io.leadgrade.dispositions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Disposition settings (leadgrade.dispositions.*): the codes reps may record and what each sets off, and the
 * nurture cool-down of recycled leads.
 */
@ConfigurationProperties("leadgrade.dispositions")
public record DispositionProperties(List<Code> codes, Duration recycleCoolDown) {

    /** A disposition code, its label for people, and its action. */
    public record Code(String code, String label, DispositionAction action) {}

    public DispositionProperties {
        codes = codes == null || codes.isEmpty() ? DEFAULT_CODES : List.copyOf(codes);
        recycleCoolDown = recycleCoolDown == null ? Duration.ofDays(30) : recycleCoolDown;
        Set<String> seen = new HashSet<>();
        for (Code code : codes) {
            if (code.code() == null || !code.code().matches("[A-Z][A-Z0-9_]{0,39}")) {
                throw new IllegalArgumentException("leadgrade.dispositions.codes: \"" + code.code()
                        + "\" is not a valid code (upper-case letters, digits and _, at most 40)");
            }
            if (!seen.add(code.code())) {
                throw new IllegalArgumentException("leadgrade.dispositions.codes: " + code.code() + " is listed twice");
            }
            if (code.action() == null) {
                throw new IllegalArgumentException("leadgrade.dispositions.codes: " + code.code() + " needs an action");
            }
        }
    }

    static final List<Code> DEFAULT_CODES = List.of(
            new Code("SQO", "Converted to opportunity", DispositionAction.CONVERT),
            new Code("UNABLE_TO_CONNECT", "Unable to connect", DispositionAction.NONE),
            new Code("NO_INTEREST", "No interest", DispositionAction.RECYCLE),
            new Code("WRONG_ROLE", "Wrong role", DispositionAction.NONE),
            new Code("EARLY_STAGE", "Early-stage interest", DispositionAction.RECYCLE),
            new Code("BAD_DATA", "Bad data", DispositionAction.DATA_REPAIR),
            new Code("DUPLICATE", "Duplicate", DispositionAction.DUPLICATE),
            new Code("ALREADY_CUSTOMER", "Already a customer", DispositionAction.NONE),
            new Code("COMPETITOR", "Competitor", DispositionAction.NONE));

    Code find(String code) {
        return codes.stream()
                .filter(known -> known.code().equals(code))
                .findFirst()
                .orElse(null);
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        codes.forEach(code -> names.add(code.code()));
        return names;
    }
}
