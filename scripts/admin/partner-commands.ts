/**
 * `partner:add` and `partner:list`: the partner organisations analysts may release to. A
 * partner release names its partner by the id printed here, never by free text, so one
 * organisation is one audience in the release audit (server/features/stats/stats-partners.ts).
 */
import { loadAdminConfig } from '../../server/config';
import type { StatsPartnersService } from '../../server/features/stats';
import { connectDb } from '../../server/platform/db';
import { buildCoreServices } from '../../server/services';
import { CLI_ACTOR } from './cli-actor';
import type { Print } from './commands';

async function withPartners<T>(run: (partners: StatsPartnersService) => Promise<T>): Promise<T> {
  const connection = await connectDb(loadAdminConfig().mongodbUri);
  try {
    const { repositories, statsPartners } = buildCoreServices({ connection });
    // The unique folded name keeps one partner one audience, even before a server first started.
    await repositories.statsPartners.ensureIndexes();
    return await run(statsPartners);
  } finally {
    await connection.close();
  }
}

/** Registers a partner (audited as `stats_partner.registered`) and prints its id. */
export async function addPartner(name: string, print: Print): Promise<string> {
  return await withPartners(async (partners) => {
    const partner = await partners.register(CLI_ACTOR, name);
    print(`Registered partner ${partner.name}.`);
    print(`  id: ${partner.id}`);
    print('  Analysts choose it in the statistics page; stats:export takes --partner <id>.');
    return partner.id;
  });
}

export async function listPartners(print: Print): Promise<void> {
  await withPartners(async (partners) => {
    const all = await partners.list();
    if (all.length === 0) print('No partners registered.');
    for (const partner of all) print(`${partner.id}  ${partner.createdOn}  ${partner.name}`);
  });
}
