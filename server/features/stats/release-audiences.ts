/**
 * Which earlier releases a new release is audited with (SECURITY.md "Anonymized statistics
 * (disclosure control)"). Whoever receives the new release joins it with everything they already
 * hold:
 *
 * - the public holds every public release;
 * - a registered partner holds every public release and its own partner releases.
 *
 * A public release reaches everyone, so it is audited once per holder: the public releases
 * alone, and the public releases with each partner's. A partner release reaches its partner
 * only: the public releases with that partner's. Partners are not assumed to pool their
 * releases with one another.
 *
 * Legacy partner releases (before the registry, named by free text: partnerId null) cannot be
 * mapped to a registered partner, and "Partner A" and "partner a " may be one organisation. So
 * each distinct text is a holder of its own, and every audit above is repeated with each
 * legacy audience's releases added and with all legacy releases added: any registered partner
 * may be any legacy audience, or several.
 */
import type { StatsRelease } from './stats-releases.repository';

export type Recipient =
  { readonly audience: 'public' } | { readonly audience: 'partner'; readonly partnerId: string };

/** The sets of earlier releases to audit the new release with, each one audience's holdings. */
export function auditedSetsFor(
  recipient: Recipient,
  earlier: readonly StatsRelease[],
): StatsRelease[][] {
  const publicReleases = earlier.filter((release) => release.audience === 'public');
  const registered = groupBy(
    earlier.filter((release) => release.audience === 'partner' && release.partnerId !== null),
    (release) => release.partnerId!,
  );
  const legacy = groupBy(
    earlier.filter((release) => release.audience === 'partner' && release.partnerId === null),
    (release) => release.partner ?? '',
  );
  const holders: StatsRelease[][] =
    recipient.audience === 'public'
      ? [[], ...registered.values(), ...legacy.values()]
      : [registered.get(recipient.partnerId) ?? []];
  const legacyHoldings: StatsRelease[][] =
    legacy.size === 0 ? [[]] : [[], ...legacy.values(), [...legacy.values()].flat()];

  const sets = new Map<string, StatsRelease[]>();
  for (const own of holders) {
    for (const legacyOwn of legacyHoldings) {
      const byId = new Map(
        [...publicReleases, ...own, ...legacyOwn].map((release) => [release.id, release]),
      );
      sets.set([...byId.keys()].sort().join(','), [...byId.values()]);
    }
  }
  return [...sets.values()];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
