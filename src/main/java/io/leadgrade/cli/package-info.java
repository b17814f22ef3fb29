/** The command line in the same jar: work on a rules folder without a server or a database. */
@org.springframework.modulith.ApplicationModule(displayName = "Command line")
package io.leadgrade.cli;
