/**
 * Every index a model declares exists once the app's prepare() has run on an empty database, as
 * it does at every start: a unique index (the partner registry's folded name, a directory
 * version, …) that only some code path creates on its way is no guarantee at all, and a query
 * shape checked against declared indexes (every-query-has-an-index.test.ts) is only served if
 * the index is there.
 */
import { useTestApp } from '../helpers/use-test-app';

/** An index as a comparable text: its fields in order with their directions, and uniqueness. */
function describeIndex(key: Record<string, unknown>, unique: boolean): string {
  const fields = Object.entries(key).map(([field, direction]) => `${field}:${String(direction)}`);
  return `${fields.join(',')}${unique ? ' unique' : ''}`;
}

describe('prepare() creates every declared index', () => {
  const t = useTestApp({ label: 'prepare-indexes', caseworkers: 1 });

  test('when the app has prepared its database then each model of the app has every index its schema declares', async () => {
    const db = t.connection.db!;
    const collections = new Set((await db.listCollections().toArray()).map(({ name }) => name));
    const missing: string[] = [];
    const checked: string[] = [];
    for (const name of t.connection.modelNames()) {
      const model = t.connection.model(name);
      const declared = model.schema.indexes();
      if (declared.length === 0) continue;
      const collection = model.collection.collectionName;
      checked.push(collection);
      const existing = collections.has(collection)
        ? (await db.collection(collection).listIndexes().toArray()).map((index) =>
            describeIndex(index['key'] as Record<string, unknown>, index['unique'] === true),
          )
        : [];
      for (const [fields, options] of declared) {
        const wanted = describeIndex(fields, options['unique'] === true);
        if (!existing.includes(wanted)) missing.push(`${collection}: ${wanted}`);
      }
    }
    expect(checked).toContain('stats_partners');
    expect(missing).toEqual([]);
  });
});
