/**
 * Attack (or accident): the table changes between the preview the analyst checked and the click
 * on Release — cases are coded, or another release is made that this one is now audited against
 * — and the server would publish a table nobody reviewed, or spend more ε than was accepted.
 * A release that carries its preview's digest is refused with 409 `preview_outdated` when the
 * table differs today, and a release whose ε spend grew past the spend the analyst accepted is
 * refused with 422 `epsilon_budget_spent`; in both cases nothing is stored and nothing audited.
 */
import { seedCodedCases, times } from '../helpers/coded-cases';
import {
  analystWithCodedQuarter,
  QUARTER_OF_CATEGORIES as TABLE,
  releasesAndAudit,
} from '../helpers/stats-releases';
import { useTestApp } from '../helpers/use-test-app';
import type { EnrolledStaff } from '../helpers/staff';

describe('a statistics release is refused when its preview is outdated', () => {
  const t = useTestApp({
    label: 'stats-outdated',
    caseworkers: 1,
    env: { STATS_EPSILON_BUDGET: '2' },
  });
  let analyst: EnrolledStaff;
  const stored = () => releasesAndAudit(t);
  const previewDigest = async (table: object): Promise<string> => {
    const preview = await analyst.client.post('/api/stats/preview', table);
    expect(preview.status).toBe(200);
    return preview.body.digest as string;
  };
  const expectRefusedAsOutdated = async (table: object, digest: string) => {
    const before = await stored();
    const refused = await analyst.client.post('/api/stats/releases', {
      ...table,
      previewDigest: digest,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('preview_outdated');
    expect(await stored()).toEqual(before);
  };

  beforeAll(async () => {
    analyst = await analystWithCodedQuarter(t, 'analyst.outdated');
  });

  test('when cases are coded between preview and release then the release is refused and nothing is stored or audited', async () => {
    const table = { ...TABLE, columns: 'country' } as const;
    const digest = await previewDigest(table);
    // A new country passes k: the published columns are no longer the ones previewed.
    await seedCodedCases(
      t.connection,
      times(12, { month: '2025-02', category: 'surveillance', country: 'SE' }),
    );
    await expectRefusedAsOutdated(table, digest);
    // Previewed again, the same table is released.
    const released = await analyst.client.post('/api/stats/releases', {
      ...table,
      previewDigest: await previewDigest(table),
    });
    expect(released.status).toBe(201);
  });

  test('when another release of the same months is made between preview and release then the release is refused and nothing is stored or audited', async () => {
    const table = { ...TABLE, columns: 'outcome' } as const;
    const digest = await previewDigest(table);
    const other = await analyst.client.post('/api/stats/releases', {
      ...TABLE,
      periodUnit: 'month',
    });
    expect(other.status).toBe(201);
    await expectRefusedAsOutdated(table, digest);
  });

  test('when the ε spend grows past the spend the analyst accepted then the release is refused and nothing is stored or audited', async () => {
    const noisy = { ...TABLE, from: '2025-04', to: '2025-06', epsilon: 1.5 };
    await seedCodedCases(
      t.connection,
      times(40, { month: '2025-05', category: 'surveillance', country: 'DE' }),
    );
    expect((await analyst.client.post('/api/stats/releases', noisy)).status).toBe(201);
    const preview = await analyst.client.post('/api/stats/preview', noisy);
    expect(preview.body.risk).toMatchObject({ epsilonSpent: 3, budgetExceeded: true });
    // Another noisy release of the same months lands after the analyst accepted 3.
    expect(
      (await analyst.client.post('/api/stats/releases', { ...noisy, acceptedEpsilonSpent: 3 }))
        .status,
    ).toBe(201);
    const before = await stored();
    const refused = await analyst.client.post('/api/stats/releases', {
      ...noisy,
      acceptedEpsilonSpent: 3,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('epsilon_budget_spent');
    expect(refused.body.error.message).toContain('4.5');
    expect(await stored()).toEqual(before);
    const accepted = await analyst.client.post('/api/stats/releases', {
      ...noisy,
      acceptedEpsilonSpent: 4.5,
    });
    expect(accepted.status).toBe(201);
  });
});
