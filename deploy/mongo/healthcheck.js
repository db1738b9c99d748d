// mongo healthcheck, on every member:
//   mongosh --quiet --norc <local URI> --file /deploy/healthcheck.js
// Healthy when this member is PRIMARY or SECONDARY of replica set RS_NAME and the set has a
// PRIMARY. On the member started with RS_INITIATE=true (mongo1) it also initiates the set on first
// boot, with the members listed in RS_MEMBERS: no other process can, and mongo-init and the app
// only start once mongo1 is healthy. Members that have not joined yet have no users (they get
// them from the PRIMARY by initial sync), so they fail authentication and stay unhealthy until then.
const fs = require('fs');

const RS_NAME = process.env.RS_NAME || 'rs0';
// The names other containers use to reach each mongod: clients discover them from the set's
// config, so they must resolve on the compose network.
const RS_MEMBERS = (process.env.RS_MEMBERS || '').split(',').filter(Boolean);
const INITIATE = process.env.RS_INITIATE === 'true';

// Root credentials; the password is read from the secret file, never passed on argv.
const user = process.env.MONGO_ROOT_USERNAME || process.env.MONGO_INITDB_ROOT_USERNAME;
const passwordFile =
  process.env.MONGO_ROOT_PASSWORD_FILE || process.env.MONGO_INITDB_ROOT_PASSWORD_FILE;
const pwd = fs.readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
try {
  db.getSiblingDB('admin').auth(user, pwd);
} catch (err) {
  print(`not authenticated yet (${err.codeName || 'error'}): waiting to join ${RS_NAME}`);
  quit(1);
}

try {
  rs.status();
} catch (err) {
  // 94 NotYetInitialized: fresh data directories. Anything else is a real failure.
  if (err.code !== 94) throw err;
  if (!INITIATE) {
    print(`replica set ${RS_NAME} is not initiated yet (mongo1 does that)`);
    quit(1);
  }
  if (RS_MEMBERS.length === 0) throw new Error('RS_MEMBERS is empty');
  // Fails (and is retried at the next check) until every member answers.
  rs.initiate({
    _id: RS_NAME,
    members: RS_MEMBERS.map((host, i) => ({ _id: i, host })),
  });
}

// A fresh set takes a few seconds to elect a PRIMARY; wait briefly so the first check can pass.
for (let i = 0; i < 20 && !db.hello().primary; i++) sleep(500);

const hello = db.hello();
if (hello.setName !== RS_NAME || !hello.primary) {
  print(`replica set ${RS_NAME} has no PRIMARY yet`);
  quit(1);
}
if (!hello.isWritablePrimary && !hello.secondary) {
  print('this member is neither PRIMARY nor SECONDARY (starting up, recovering or syncing)');
  quit(1);
}
