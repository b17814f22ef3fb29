/** Cross-cutting web plumbing: problem-details errors, request limits, the clock and the API description. */
@org.springframework.modulith.ApplicationModule(
        displayName = "System",
        type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.leadgrade.system;
