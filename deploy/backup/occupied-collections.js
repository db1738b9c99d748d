// Prints the collections of the app database that hold documents (empty output: none), for
// restore.sh. The connection string is read from the secret file, never passed on argv.
const fs = require('fs');
const uri = fs
  .readFileSync(process.env.MONGODB_URI_FILE || '/run/secrets/mongodb_uri', 'utf8')
  .trim();
const target = connect(uri);
const occupied = target
  .getCollectionNames()
  .filter((name) => !name.startsWith('system.'))
  .filter((name) => target.getCollection(name).findOne({}, { _id: 1 }) !== null);
if (occupied.length > 0) print(occupied.join(', '));
