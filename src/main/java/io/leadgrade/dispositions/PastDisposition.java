package io.leadgrade.dispositions;

import io.leadgrade.handoff.Handoff;
import java.time.Instant;

/** A disposition another system recorded (an import of history): the handoff, the code, and when. */
public record PastDisposition(Handoff handoff, String code, Instant at) {}
