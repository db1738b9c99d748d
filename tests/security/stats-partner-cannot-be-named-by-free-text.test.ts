/**
 * Attack: partner releases named by free text — "Partner A", "partner a " or a typo — become
 * separate audiences, each audited without the others' releases, so one organisation could be
 * given tables that difference each other. Partners are registered by an admin (partner:add,
 * audited), requests carry the registered id only, an unknown id or a typed name is refused,
 * and a name differing only in case or spaces cannot be registered twice.
 */
import { seedCodedCases, times } from '../helpers/coded-cases';
import { runCli } from '../helpers/admin-cli';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';

const TABLE = {
  columns: 'category',
  periodUnit: 'month',
  from: '2025-01',
  to: '2025-03',
  audience: 'partner',
} as const;
const UNKNOWN_ID = 'f'.repeat(32);

describe('a statistics partner is a registered id, never free text', () => {
  const t = useTestApp({ label: 'stats-partners', caseworkers: 1 });
  let env: Record<string, string>;
  let analyst: EnrolledStaff;
  const stored = async () => ({
    releases: await t.connection.db!.collection('stats_releases').countDocuments(),
    partners: await t.connection.db!.collection('stats_partners').countDocuments(),
  });
  const partnerIdsListed = () =>
    [...runCli(['partner:list'], env).stdout.matchAll(/^([0-9a-f]{32}) /gm)].map((m) => m[1]);
  const addPartner = (name: string) => runCli(['partner:add', '--name', name], env);
  const idOf = (stdout: string) => /id: ([0-9a-f]{32})/.exec(stdout)?.[1];

  beforeAll(async () => {
    env = { MONGODB_URI: t.config.mongodbUri };
    analyst = await enrolStaff(t, 'analyst.partners', 'analyst');
    await seedCodedCases(t.connection, [
      ...times(23, { month: '2025-01', category: 'surveillance', country: 'DE' }),
      ...times(31, { month: '2025-02', category: 'online_harassment', country: 'NL' }),
      ...times(3, { month: '2025-03', category: 'surveillance', country: 'TR' }),
      ...times(17, { month: '2025-03', category: 'online_harassment', country: 'TR' }),
    ]);
  });

  test('when an admin registers two partners then each gets its own id, both are listed and audited', async () => {
    const first = addPartner('Partner A');
    const second = addPartner('Partner B');
    expect([first.status, second.status]).toEqual([0, 0]);
    const ids = [idOf(first.stdout), idOf(second.stdout)];
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(partnerIdsListed().sort()).toEqual([...ids].sort());
    const audit = await t.connection
      .db!.collection('audit_log')
      .find({ event: 'stats_partner.registered' })
      .toArray();
    expect(audit.map((entry) => [entry['actor'], entry['details']])).toEqual(
      expect.arrayContaining([
        ['admin-cli', { partner: ids[0], name: 'Partner A' }],
        ['admin-cli', { partner: ids[1], name: 'Partner B' }],
      ]),
    );
  });

  test.each(['partner a ', 'PARTNER  A', ' Partner\tA'])(
    'when an admin registers %j, a variant of a registered name, then it is refused and nothing is added',
    async (variant) => {
      const before = await stored();
      const run = addPartner(variant);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('registered already');
      expect(run.stderr).toContain('partner_exists');
      expect(await stored()).toEqual(before);
    },
  );

  test.each([
    ['a typed name', { partner: 'Partner A' }, 400, 'invalid_stats_request'],
    ['a variant of a registered name', { partner: 'partner a ' }, 400, 'invalid_stats_request'],
    ['a name in place of the id', { partnerId: 'Partner A' }, 400, 'invalid_stats_request'],
    ['an id nobody registered', { partnerId: UNKNOWN_ID }, 422, 'partner_unknown'],
  ])(
    'when a request names the partner by %s then it is refused and nothing is stored',
    async (_name, partner, status, code) => {
      const before = await stored();
      for (const route of ['/api/stats/preview', '/api/stats/releases']) {
        const response = await analyst.client.post(route, { ...TABLE, ...partner });
        expect({ status: response.status, code: response.body.error?.code }).toEqual({
          status,
          code,
        });
      }
      expect(await stored()).toEqual(before);
    },
  );

  test('when releases go to registered partners then one partner is one audience and the ledger names it', async () => {
    const options = await analyst.client.get('/api/stats/options');
    const partners = options.body.partners as { id: string; name: string }[];
    expect(partners.map((partner) => partner.name)).toEqual(['Partner A', 'Partner B']);
    const [a, b] = partners as [{ id: string; name: string }, { id: string; name: string }];

    const first = await analyst.client.post('/api/stats/releases', { ...TABLE, partnerId: a.id });
    expect(first.status).toBe(201);
    expect(first.body.release.files.csv).toContain('partner: Partner A');
    // The same partner again: audited together with its first release.
    const again = await analyst.client.post('/api/stats/preview', {
      ...TABLE,
      periodUnit: 'quarter',
      partnerId: a.id,
    });
    expect(again.body.risk.earlierReleasesConsidered).toBe(1);
    // Another partner does not hold A's release.
    const other = await analyst.client.post('/api/stats/preview', { ...TABLE, partnerId: b.id });
    expect(other.body.risk.earlierReleasesConsidered).toBe(0);

    const ledger = await analyst.client.get('/api/stats/releases');
    expect(ledger.body.releases[0]).toMatchObject({
      id: first.body.release.id,
      audience: 'partner',
      partnerId: a.id,
      partner: 'Partner A',
    });
  });
});
