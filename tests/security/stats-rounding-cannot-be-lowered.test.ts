/**
 * Attack: an analyst asks for rounding to 1 (or any base below STATS_ROUNDING_BASE), so that
 * every published value is exact and overlapping releases difference to the unit. The
 * configured base is a floor, like k: a lower base is refused with `rounding_below_minimum`
 * (preview and release alike) and nothing is stored; the configured base and above are taken.
 */
import {
  analystWithCodedQuarter,
  QUARTER_OF_CATEGORIES as TABLE,
  releasesAndAudit,
} from '../helpers/stats-releases';
import { useTestApp } from '../helpers/use-test-app';
import type { EnrolledStaff } from '../helpers/staff';

const CONFIGURED_BASE = 5;

describe('statistics rounding cannot be lowered below the configured base', () => {
  const t = useTestApp({
    label: 'stats-rounding',
    caseworkers: 1,
    env: { STATS_ROUNDING_BASE: String(CONFIGURED_BASE) },
  });
  let analyst: EnrolledStaff;
  const stored = () => releasesAndAudit(t);

  beforeAll(async () => {
    analyst = await analystWithCodedQuarter(t, 'analyst.rounding');
  });

  test.each([1, 2, CONFIGURED_BASE - 1])(
    'when a release asks for rounding to %i then it is refused and nothing is stored',
    async (roundingBase) => {
      const before = await stored();
      for (const route of ['/api/stats/preview', '/api/stats/releases']) {
        const response = await analyst.client.post(route, { ...TABLE, roundingBase });
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('rounding_below_minimum');
        expect(response.body.error.message).toContain(`at least ${CONFIGURED_BASE}`);
      }
      expect(await stored()).toEqual(before);
    },
  );

  test.each([CONFIGURED_BASE, 10])(
    'when a release asks for rounding to %i then it is released with that base',
    async (roundingBase) => {
      const response = await analyst.client.post('/api/stats/releases', {
        ...TABLE,
        roundingBase,
      });
      expect(response.status).toBe(201);
      const { table, risk } = response.body.release as {
        table: { cells: (number | null)[][]; rowTotals: (number | null)[] };
        risk: { roundingBase: number };
      };
      expect(risk.roundingBase).toBe(roundingBase);
      const published = [...table.cells.flat(), ...table.rowTotals].filter((v) => v !== null);
      expect(published.length).toBeGreaterThan(0);
      for (const value of published) expect(value % roundingBase).toBe(0);
    },
  );

  test('when no base is asked for then the configured one is used', async () => {
    const response = await analyst.client.post('/api/stats/preview', TABLE);
    expect(response.status).toBe(200);
    expect(response.body.risk.roundingBase).toBe(CONFIGURED_BASE);
  });
});
