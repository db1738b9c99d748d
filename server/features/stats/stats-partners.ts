/**
 * The partner registry: only an admin registers a partner organisation (admin CLI
 * `partner:add`, audited); analysts choose one by id. Why: the ledger audits a partner release
 * together with that partner's earlier releases, so a partner must be one audience — free text
 * made "Partner A", "partner a " and a typo three audiences, each audited without the others.
 */
import { randomBytes } from 'node:crypto';
import { dayOf } from '../../platform/days';
import { ConflictError, InvalidInputError, UnprocessableError } from '../../platform/errors';
import type { AuditLogService } from '../audit';
import { MAX_PARTNER_NAME_LENGTH, PARTNER_ID_PATTERN, PARTNER_NAME_PATTERN } from './stats.schema';
import type { StatsPartner, StatsPartnersRepository } from './stats-partners.repository';

export interface StatsPartnersDeps {
  readonly repository: StatsPartnersRepository;
  readonly audit: AuditLogService;
  readonly clock: () => Date;
}

/** The name as shown: compatibility forms folded (NFKC), runs of spaces made one, trimmed. */
export function partnerDisplayName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** What two names must not share: the display name without case. */
export function partnerKeyOf(displayName: string): string {
  return displayName.toLowerCase();
}

export class StatsPartnersService {
  constructor(private readonly deps: StatsPartnersDeps) {}

  async register(actor: string, name: string): Promise<StatsPartner> {
    const display = partnerDisplayName(name);
    if ([...display].length > MAX_PARTNER_NAME_LENGTH || !PARTNER_NAME_PATTERN.test(display)) {
      throw new InvalidInputError(
        'invalid_partner_name',
        `A partner name is 1 to ${MAX_PARTNER_NAME_LENGTH} letters, digits, spaces and . , & ( ) ' - and starts with a letter or digit.`,
      );
    }
    const key = partnerKeyOf(display);
    if (await this.findByKey(key)) throw await this.exists(key);
    // Audited before it is stored, keyed by the folded name (registered once, never renamed or
    // removed): a retry after a failure past this point finds the entry and stores the id it
    // names, so the registry and the audit log agree on one id per partner.
    const entry = await this.deps.audit.record(
      actor,
      'stats_partner.registered',
      { partner: randomBytes(16).toString('hex'), name: display },
      { key: `stats_partner.registered\0${key}` },
    );
    const partner: StatsPartner = {
      id: entry.details['partner']!,
      name: entry.details['name']!,
      key,
      createdOn: dayOf(this.deps.clock()),
    };
    if ((await this.deps.repository.insert(partner)) === 'taken') throw await this.exists(key);
    return partner;
  }

  async list(): Promise<StatsPartner[]> {
    return await this.deps.repository.listAll();
  }

  /** The registered partner of this id; anything else is refused, so no request makes a new audience. */
  async require(id: string): Promise<StatsPartner> {
    const partner = PARTNER_ID_PATTERN.test(id) ? await this.deps.repository.findById(id) : null;
    if (!partner) {
      throw new UnprocessableError(
        'partner_unknown',
        'No registered partner has this id. An administrator registers partners (partner:add).',
      );
    }
    return partner;
  }

  private async findByKey(key: string): Promise<StatsPartner | undefined> {
    return (await this.deps.repository.listAll()).find((partner) => partner.key === key);
  }

  private async exists(key: string): Promise<ConflictError> {
    const existing = await this.findByKey(key);
    return new ConflictError(
      'partner_exists',
      `A partner with this name (ignoring case and spaces) is registered already${existing ? ` as ${existing.id}` : ''}.`,
    );
  }
}
