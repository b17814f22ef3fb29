/**
 * The command line in the same jar (picocli): grade, validate and test a rules folder offline, and backtest, import
 * and load the demo data with the store.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Command line")
package io.leadgrade.cli;
