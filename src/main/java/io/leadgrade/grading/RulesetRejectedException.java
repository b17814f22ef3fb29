package io.leadgrade.grading;

/** A candidate ruleset failed its checks (compile, sandbox or rule tests): the activation result says why. */
public class RulesetRejectedException extends RuntimeException {

    private final transient RulesetActivation rejection;

    public RulesetRejectedException(RulesetActivation rejection) {
        super("ruleset " + rejection.version() + " was rejected: "
                + rejection.problems().size() + " problems, "
                + rejection.failedTests().size() + " failed rule tests");
        this.rejection = rejection;
    }

    public RulesetActivation rejection() {
        return rejection;
    }
}
