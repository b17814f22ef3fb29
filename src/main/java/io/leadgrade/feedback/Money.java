package io.leadgrade.feedback;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Turns a change of MQL-to-SQO conversion into money, with the configured model: every SQO is an opportunity, a
 * share {@code winRate} of them is won at {@code averageDealSize}, and {@code commissionRate} of that revenue is
 * paid to sales.
 *
 * @param volume MQLs the change applies to
 * @param extraSqos volume x (to - from): more (or fewer) SQOs, which are opportunities
 * @param extraWon extraSqos x win rate
 */
public record Money(
        long volume,
        double fromConversion,
        double toConversion,
        double extraSqos,
        double extraWon,
        BigDecimal revenue,
        BigDecimal commission,
        String currency,
        BigDecimal averageDealSize,
        double winRate,
        double commissionRate) {

    static Money of(long volume, double from, double to, FeedbackProperties.Money model) {
        double extraSqos = volume * (to - from);
        double won = extraSqos * model.winRate();
        BigDecimal revenue =
                model.averageDealSize().multiply(BigDecimal.valueOf(won)).setScale(2, RoundingMode.HALF_UP);
        BigDecimal commission =
                revenue.multiply(BigDecimal.valueOf(model.commissionRate())).setScale(2, RoundingMode.HALF_UP);
        return new Money(
                volume,
                from,
                to,
                extraSqos,
                won,
                revenue,
                commission,
                model.currency(),
                model.averageDealSize(),
                model.winRate(),
                model.commissionRate());
    }
}
