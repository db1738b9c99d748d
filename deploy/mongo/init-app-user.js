// One-shot (compose service mongo-init): create or update the application's database
// user with least privilege (readWrite on the app database only) and, when BACKUP_USER is
// set, the backup user (role amanatBackup: read the app database, and append to its audit log,
// where backup:create records each backup; it can change nothing else).
// Idempotent: re-running it re-applies the passwords from the secret files and the roles,
// so it also rotates them.
const fs = require('fs');

function env(name) {
  const value = process.env[name];
  if (!value) {
    print(`mongo-init: ${name} is not set`);
    quit(2);
  }
  return value;
}
function secret(name) {
  const value = fs.readFileSync(env(name), 'utf8').replace(/\r?\n$/, '');
  if (!value) {
    print(`mongo-init: the file named by ${name} is empty`);
    quit(2);
  }
  return value;
}

const rootUser = env('MONGO_ROOT_USERNAME');
const rootPwd = secret('MONGO_ROOT_PASSWORD_FILE');
const appDb = env('APP_DB');
const appUser = env('APP_USER');
const appPwd = secret('APP_PASSWORD_FILE');

db.getSiblingDB('admin').auth(rootUser, rootPwd);

// The user lives in the app database itself, hence authSource=<APP_DB> in MONGODB_URI.
const target = db.getSiblingDB(appDb);

function ensureUser(name, pwd, roles) {
  if (target.getUser(name)) {
    target.updateUser(name, { pwd, roles });
    print(`mongo-init: updated user ${name} on ${appDb}`);
  } else {
    target.createUser({ user: name, pwd, roles, mechanisms: ['SCRAM-SHA-256'] });
    print(`mongo-init: created user ${name} on ${appDb}`);
  }
}

ensureUser(appUser, appPwd, [{ role: 'readWrite', db: appDb }]);

// What the scheduled backup may do: read every collection, and insert into audit_log (its own
// `backup.created` entry). No update, no delete, no other insert: a stolen backup password can
// neither change nor erase anything.
const BACKUP_ROLE = 'amanatBackup';
function ensureBackupRole() {
  const definition = {
    privileges: [{ resource: { db: appDb, collection: 'audit_log' }, actions: ['insert'] }],
    roles: [{ role: 'read', db: appDb }],
  };
  if (target.getRole(BACKUP_ROLE)) {
    target.updateRole(BACKUP_ROLE, definition);
    print(`mongo-init: updated role ${BACKUP_ROLE} on ${appDb}`);
  } else {
    target.createRole({ role: BACKUP_ROLE, ...definition });
    print(`mongo-init: created role ${BACKUP_ROLE} on ${appDb}`);
  }
}

if (process.env.BACKUP_USER) {
  ensureBackupRole();
  ensureUser(env('BACKUP_USER'), secret('BACKUP_PASSWORD_FILE'), [
    { role: BACKUP_ROLE, db: appDb },
  ]);
}
