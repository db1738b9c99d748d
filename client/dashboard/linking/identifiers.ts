/**
 * The identifiers that link cases: the phone numbers, accounts and plates of the people who
 * contacted or threatened a reporter, read from the report's `contactedBy` answer (never from the
 * reporter's own contact details) and normalised so that the same identifier written two ways
 * is one value. This lives in the dashboard only: the server never sees an identifier, only the
 * keyed tokens (link-token.ts) made from them.
 *
 * A WhatsApp account is its phone number, so it is a `phone` identifier: "called from" and
 * "wrote on WhatsApp from" the same number link.
 *
 * The rules need libphonenumber-js (about 37 KB compressed), which the dashboard imports only
 * when a case's links are opened (loadIdentifierRules): a chunk of its own that only caseworkers
 * who link cases fetch, not part of every staff member's first load.
 */
import type { CountryCode } from 'libphonenumber-js';

export const IDENTIFIER_TYPES = ['phone', 'email', 'telegram', 'wechat', 'plate'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface LinkIdentifier {
  readonly type: IdentifierType;
  /** The normalised value: E.164, a case-folded handle, a lower-case address, a plate. */
  readonly value: string;
}

/** Longest value kept: far longer than any real identifier, short of a memory attack. */
const MAX_VALUE_CHARS = 256;
/** Most identifiers proposed from one answer (the answer itself is attacker-controlled). */
export const MAX_PROPOSED = 50;

const EMAIL = /[^\s@<>()[\],;:"']+@[^\s@<>()[\],;:"']+\.[^\s@<>()[\],;:"'.]+/gu;
/** Telegram usernames: 5 to 32 letters, digits and underscores (an @ or t.me/ before them). */
const TELEGRAM = /(?:t\.me\/|@)([A-Za-z][A-Za-z0-9_]{3,31})\b/gu;
/**
 * A labelled account or plate, one per line ("WeChat: wxid_abc", "车牌 京A 12345"): the label
 * (any case, not inside a longer word) and then the value's shape. A plate is read only in
 * capitals and digits, so the words after it ("34 ABC 123 black car") are not taken for it.
 */
const LABELLED: readonly { type: IdentifierType; label: RegExp; value: RegExp }[] = [
  {
    type: 'wechat',
    label: /(?<![\p{L}\p{N}])(?:wechat|weixin|微信号|微信|вичат)/iu,
    value: /^(?:\s*id)?\s*[:：]?\s*([^\s,;，；]+)/iu,
  },
  {
    type: 'telegram',
    label: /(?<![\p{L}\p{N}])(?:telegram|телеграм|tg)(?![\p{L}\p{N}])/iu,
    value: /^\s*[:：]?\s*@?([^\s,;，；]+)/u,
  },
  {
    type: 'plate',
    label:
      /(?<![\p{L}\p{N}])(?:licen[cs]e plate|plate|kennzeichen|plaka|车牌号|车牌|номер машины|номер авто|ماشىنا نومۇرى)/iu,
    value: /^\s*[:：]?\s*([\p{Lu}\p{Lo}\p{N}]+(?:[ .-][\p{Lu}\p{Lo}\p{N}]+){0,3})/u,
  },
];

/** libphonenumber-js, as its module namespace. */
export type PhoneRules = typeof import('libphonenumber-js');

/** Normalising and proposing identifiers, once the phone number rules are at hand. */
export interface IdentifierRules {
  /**
   * One identifier of `type` as a caseworker typed it, normalised, or null when it is not one
   * (a phone number that is not valid, an address without a domain). `country` (ISO 3166-1, the
   * report's country) is where a national number is read from.
   */
  normalise(type: IdentifierType, raw: string, country: string | null): LinkIdentifier | null;
  /** The identifiers found in the report's `contactedBy` answer, each once, in the order found. */
  propose(answer: string, country: string | null): LinkIdentifier[];
}

export function identifierRules(phone: PhoneRules): IdentifierRules {
  return {
    normalise: (type, raw, country) => normaliseIdentifier(phone, type, raw, country),
    propose: (answer, country) => proposeIdentifiers(phone, answer, country),
  };
}

let loaded: Promise<IdentifierRules> | undefined;

/** The rules, importing libphonenumber-js on first use (a failed fetch is tried again). */
export function loadIdentifierRules(): Promise<IdentifierRules> {
  loaded ??= import('libphonenumber-js').then(identifierRules, (error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

function regionOf(phone: PhoneRules, country: string | null): CountryCode | undefined {
  return country !== null && phone.isSupportedCountry(country) ? country : undefined;
}

/** "0090 532 …" is "+90 532 …": the international prefix most countries dial. */
function internationalPrefixAsPlus(text: string): string {
  return text.replace(/(^|[^\d+])00(?=[1-9])/gu, '$1+');
}

function normaliseIdentifier(
  phone: PhoneRules,
  type: IdentifierType,
  raw: string,
  country: string | null,
): LinkIdentifier | null {
  const text = raw.normalize('NFKC').trim();
  // No control character: the token's input ends each part with a NUL (link-token.ts).
  if (text === '' || text.length > MAX_VALUE_CHARS || /\p{Cc}/u.test(text)) return null;
  switch (type) {
    case 'phone': {
      const number = phone.parsePhoneNumberFromString(
        internationalPrefixAsPlus(text),
        regionOf(phone, country),
      );
      return number?.isValid() ? { type, value: number.number } : null;
    }
    case 'email': {
      const value = text.toLowerCase();
      return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/u.test(value) ? { type, value } : null;
    }
    case 'telegram':
    case 'wechat': {
      // Both services treat handles without regard to case; "@Name" and "name" are one account.
      const value = text
        .replace(/^(?:https?:\/\/)?t\.me\//iu, '')
        .replace(/^@/u, '')
        .toLowerCase();
      return /^[\p{L}\p{N}_.-]{2,64}$/u.test(value) ? { type, value } : null;
    }
    case 'plate': {
      const value = text.toUpperCase().replace(/[\s.-]/gu, '');
      return /^[\p{L}\p{N}]{2,15}$/u.test(value) ? { type, value } : null;
    }
  }
}

function proposeIdentifiers(
  phone: PhoneRules,
  answer: string,
  country: string | null,
): LinkIdentifier[] {
  const found = new Map<string, LinkIdentifier>();
  const add = (type: IdentifierType, raw: string): void => {
    const identifier = normaliseIdentifier(phone, type, raw, country);
    if (identifier !== null) found.set(identifierKey(identifier), identifier);
  };
  const text = answer.normalize('NFKC');
  for (const line of text.split(/\r?\n/u)) {
    for (const { type, label, value } of LABELLED) {
      const labelled = label.exec(line);
      if (labelled === null) continue;
      const match = value.exec(line.slice(labelled.index + labelled[0].length));
      if (match?.[1] !== undefined) add(type, match[1]);
    }
  }
  const withoutAddresses = text.replace(EMAIL, (address) => {
    add('email', address);
    return ' ';
  });
  for (const match of withoutAddresses.matchAll(TELEGRAM)) add('telegram', match[1]!);
  for (const { number } of phone.findPhoneNumbersInText(
    internationalPrefixAsPlus(withoutAddresses),
    regionOf(phone, country),
  )) {
    add('phone', number.number);
  }
  return [...found.values()].slice(0, MAX_PROPOSED);
}

/** One string per identifier, for sets and for the form's keys. */
export function identifierKey(identifier: LinkIdentifier): string {
  return `${identifier.type}\u0000${identifier.value}`;
}
