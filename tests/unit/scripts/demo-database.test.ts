/**
 * The demo runs only on the database it starts itself: a deployment's MONGODB_URI in the shell
 * must not let it create DEMO accounts, keys, a directory and an admin invitation there.
 */
import { demoDatabaseUri, startDemoDatabase } from '../../../scripts/lib/demo-database';

describe('the demo database', () => {
  test.each(['MONGODB_URI', 'MONGODB_URI_FILE'])(
    'when %s is set then the demo refuses to start, naming it, before starting any database',
    async (name) => {
      const env = { [name]: 'mongodb://admin:secret@production.example:27017/amanat' };
      const started = startDemoDatabase(env, '/nonexistent/demo-db');
      await expect(started).rejects.toThrow(new RegExp(`unset ${name}`));
      await expect(started).rejects.not.toThrow(/secret/);
    },
  );

  test('when the server address has options then the demo database name goes before them', () => {
    expect(demoDatabaseUri('mongodb://127.0.0.1:27017/')).toBe(
      'mongodb://127.0.0.1:27017/amanat_demo',
    );
    expect(demoDatabaseUri('mongodb://127.0.0.1:27017/?directConnection=true')).toBe(
      'mongodb://127.0.0.1:27017/amanat_demo?directConnection=true',
    );
  });
});
