package io.leadgrade.feedback;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the feedback module (leadgrade.feedback.*).
 *
 * @param window how far back handed-off leads with an outcome are read for flags
 * @param minSample leads needed on each side of any comparison
 * @param fdr expected share of false flags among all flags of a family (Benjamini-Hochberg); 1 % by default,
 *     measured in docs/feedback.md
 * @param conversionMargin how far a rule's worth must fall from what its points promise (odds ratio 1 - margin)
 * @param codeMargin how many times the odds of a disposition code must rise with a rule
 * @param watchedCodes disposition codes whose excess is flagged
 * @param refreshCron when the flags are recomputed ("-" for never)
 * @param money what a conversion is worth, for the money report
 */
@ConfigurationProperties("leadgrade.feedback")
record FeedbackProperties(
        @DefaultValue("365d") Duration window,
        @DefaultValue("50") int minSample,
        @DefaultValue("0.01") double fdr,
        @DefaultValue("0.2") double conversionMargin,
        @DefaultValue("1.5") double codeMargin,

        @DefaultValue({"WRONG_ROLE", "UNABLE_TO_CONNECT", "BAD_DATA", "EARLY_STAGE", "NO_INTEREST"})
        Set<String> watchedCodes,

        @DefaultValue("0 30 2 * * *") String refreshCron,
        @DefaultValue Money money) {

    /**
     * @param averageDealSize revenue of a won opportunity
     * @param winRate share of opportunities (SQOs) that are won
     * @param commissionRate share of revenue paid as sales commission
     */
    record Money(
            @DefaultValue("25000") BigDecimal averageDealSize,
            @DefaultValue("0.25") double winRate,
            @DefaultValue("0.08") double commissionRate,
            @DefaultValue("USD") String currency) {}

    Diagnostics.Settings settings() {
        return new Diagnostics.Settings(minSample, fdr, conversionMargin, codeMargin, watchedCodes);
    }
}
