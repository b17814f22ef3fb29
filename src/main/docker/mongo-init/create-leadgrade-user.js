// Run by the mongo image's entrypoint on the first start of an empty volume (as the root user, before the replica
// set is initiated): LeadGrade's own user, with rights on its database only.
db.getSiblingDB("leadgrade").createUser({
  user: process.env.LEADGRADE_DB_USER,
  pwd: process.env.LEADGRADE_DB_PASSWORD,
  roles: [
    { role: "readWrite", db: "leadgrade" },
    { role: "dbAdmin", db: "leadgrade" }, // index creation and collection statistics
  ],
});
