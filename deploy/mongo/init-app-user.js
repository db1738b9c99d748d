// One-shot (compose service mongo-init): create or update the application's database
// user with least privilege (readWrite on the app database only). Idempotent: re-running
// it re-applies the password from the secret file and the roles, so it also rotates.
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
const roles = [{ role: 'readWrite', db: appDb }];

if (target.getUser(appUser)) {
  target.updateUser(appUser, { pwd: appPwd, roles });
  print(`mongo-init: updated user ${appUser} on ${appDb}`);
} else {
  target.createUser({ user: appUser, pwd: appPwd, roles, mechanisms: ['SCRAM-SHA-256'] });
  print(`mongo-init: created user ${appUser} on ${appDb}`);
}
