// mongo healthcheck: `mongosh --quiet --norc <local URI> --file /deploy/healthcheck.js`.
// Healthy only when this one-member replica set has a writable PRIMARY. On first boot it
// also initiates the set: there is no other node to do it, and the app and mongo-init
// only start once this check passes.
const fs = require('fs');

const RS_NAME = 'rs0';
// The name other containers use to reach mongod; it is what clients discover from the
// replica-set config, so it must resolve on the compose network.
const RS_HOST = 'mongo:27017';

// Root credentials; the password is read from the secret file, never passed on argv.
const user = process.env.MONGO_INITDB_ROOT_USERNAME;
const pwd = fs
  .readFileSync(process.env.MONGO_INITDB_ROOT_PASSWORD_FILE, 'utf8')
  .replace(/\r?\n$/, '');
db.getSiblingDB('admin').auth(user, pwd);

try {
  rs.status();
} catch (err) {
  // 94 NotYetInitialized: fresh data directory. Anything else is a real failure.
  if (err.code !== 94) throw err;
  rs.initiate({ _id: RS_NAME, members: [{ _id: 0, host: RS_HOST }] });
}

// A fresh set takes a few seconds to elect itself; wait briefly so the first check can pass.
for (let i = 0; i < 16 && !db.hello().isWritablePrimary; i++) sleep(500);

if (!db.hello().isWritablePrimary) {
  print('replica set has no PRIMARY yet');
  quit(1);
}
