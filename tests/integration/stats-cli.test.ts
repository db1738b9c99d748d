/**
 * `npm run admin -- stats:export`: a scheduled release from the CLI applies
 * the same rules as the dashboard, writes the files, and is recorded in the ledger and the
 * audit log; bad options exit non-zero with a clear message and record nothing. A partner
 * release names a partner registered with `partner:add`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/admin-cli';
import { seedCodedCases, times } from '../helpers/coded-cases';
import { useTestApp } from '../helpers/use-test-app';

describe('admin CLI: stats:export', () => {
  let env: Record<string, string>;
  const releases = async () => await t.connection.db!.collection('stats_releases').countDocuments();

  const t = useTestApp({ label: 'stats-cli', caseworkers: 1 });
  beforeAll(async () => {
    env = { MONGODB_URI: t.config.mongodbUri };
    await seedCodedCases(t.connection, [
      ...times(24, { month: '2025-04', category: 'coercion_to_inform', country: 'KZ' }),
      ...times(4, { month: '2025-05', category: 'coercion_to_inform', country: 'KZ' }),
      ...times(33, {
        month: '2025-05',
        category: 'surveillance',
        country: 'KZ',
        outcome: 'resolved',
      }),
      ...times(18, { month: '2025-06', category: 'surveillance', country: 'TR' }),
    ]);
  });

  const TABLE = [
    '--columns',
    'category',
    '--unit',
    'month',
    '--from',
    '2025-04',
    '--to',
    '2025-06',
  ];

  test('when --preview is given then the protected table is printed and nothing is released', async () => {
    const run = runCli(['stats:export', ...TABLE, '--preview'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('period\t');
    expect(run.stdout).toMatch(/2025-05\t.*x/);
    expect(run.stdout).toContain('Documented reports, not prevalence');
    expect(await releases()).toBe(0);
  });

  test('when a release is exported then the files match the printed hashes and the audit log', async () => {
    const out = mkdtempSync(join(tmpdir(), 'amanat-stats-'));
    const run = runCli(['stats:export', ...TABLE, '--out', out], env);
    expect(run.status).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(4);
    for (const file of files) {
      const digest = createHash('sha256')
        .update(readFileSync(join(out, file)))
        .digest('hex');
      expect(run.stdout).toContain(`${digest}  ${join(out, file)}`);
    }
    const csv = readFileSync(
      join(
        out,
        files.find((f) => f.endsWith('.csv'))!,
      ),
      'utf8',
    );
    expect(csv.toLowerCase()).toContain('documented reports, not prevalence');
    expect(await releases()).toBe(1);
    const audit = await t.connection
      .db!.collection('audit_log')
      .findOne({ event: 'stats.released' });
    expect(audit?.['actor']).toBe('admin-cli');
  });

  test('when a partner is registered then a partner release names it by id and its files by name', async () => {
    const added = runCli(['partner:add', '--name', 'Kazakh  Rights   Network'], env);
    expect(added.status).toBe(0);
    const id = /id: ([0-9a-f]{32})/.exec(added.stdout)?.[1];
    expect(id).toBeDefined();
    expect(runCli(['partner:list'], env).stdout).toContain(`${id}  `);
    const out = mkdtempSync(join(tmpdir(), 'amanat-stats-'));
    const run = runCli(
      ['stats:export', ...TABLE, '--audience', 'partner', '--partner', id!, '--out', out],
      env,
    );
    expect(run.status).toBe(0);
    const csv = readFileSync(
      join(
        out,
        readdirSync(out).find((f) => f.endsWith('.csv'))!,
      ),
      'utf8',
    );
    expect(csv).toContain('partner: Kazakh Rights Network');
    const release = await t.connection
      .db!.collection('stats_releases')
      .findOne({ audience: 'partner' });
    expect(release).toMatchObject({ partnerId: id, partner: 'Kazakh Rights Network' });
  });

  test.each([
    [['--columns', 'city', '--from', '2025-04', '--to', '2025-06', '--preview'], 'columns'],
    [
      ['--columns', 'category', '--from', '2025-04', '--to', '2025-06', '--k', '3', '--preview'],
      'at least 10',
    ],
    [['--columns', 'category', '--from', '2025-04', '--to', '2025-06'], '--out'],
    [
      [
        '--columns',
        'category',
        '--from',
        '2025-04',
        '--to',
        '2025-06',
        '--rounding',
        '1',
        '--preview',
      ],
      'rounding_below_minimum',
    ],
    [
      [...TABLE, '--audience', 'partner', '--partner', 'Kazakh Rights Network', '--preview'],
      '--partner',
    ],
    [
      [...TABLE, '--audience', 'partner', '--partner', 'a'.repeat(32), '--preview'],
      'partner_unknown',
    ],
  ])(
    'when the options are wrong (%j) then it exits non-zero and records nothing',
    async (args, words) => {
      const before = await releases();
      const run = runCli(['stats:export', ...args], env);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(words);
      expect(await releases()).toBe(before);
    },
  );
});
