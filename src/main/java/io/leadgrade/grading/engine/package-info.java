/** Drools internals of grading: the facts rules see, the ruleset compiler and the pooled sessions. */
package io.leadgrade.grading.engine;
