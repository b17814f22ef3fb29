/**
 * What sales did with a handed-off lead: disposition codes (configurable), the opportunity outcome, and what each
 * code sets off (recycle to nurture, data repair, duplicate link, conversion), published to the outbox.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Dispositions")
package io.leadgrade.dispositions;
