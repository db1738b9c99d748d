/**
 * Strict ASCII armor (RFC 4880 section 6) for messages. Armor headers such as `Comment:` travel
 * and would be stored in plaintext, so they are refused, not stripped: the reporter's tool should
 * not be leaking them anywhere.
 */
import { CodedError } from '../../../contract/coded-error';
import { armor, enums } from 'openpgp';

export class ArmorError extends CodedError<
  'invalid_armor' | 'armor_headers_not_allowed' | 'armor_checksum_mismatch'
> {
  override readonly name = 'ArmorError';
}

const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
const CHECKSUM_LINE = /^=[A-Za-z0-9+/]{4}$/;

/** Decodes one armored PGP MESSAGE block into the exact packet bytes it carries. */
export function dearmorMessage(text: string): Uint8Array {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines[0]?.trimEnd() !== BEGIN || lines[lines.length - 1]?.trimEnd() !== END) {
    throw new ArmorError(
      'invalid_armor',
      'The message must be one armored "PGP MESSAGE" block and nothing else.',
    );
  }
  const inner = lines.slice(1, -1).map((line) => line.trimEnd());
  const blank = inner.indexOf('');
  if (blank === -1)
    throw new ArmorError('invalid_armor', 'The armor has no blank line before its body.');
  if (blank > 0) {
    throw new ArmorError(
      'armor_headers_not_allowed',
      'Armor headers (such as Comment or Version) are not accepted: they would be stored in plaintext.',
    );
  }
  const body = inner.slice(blank + 1);
  let checksum: string | undefined;
  if (body.length > 0 && CHECKSUM_LINE.test(body[body.length - 1]!))
    checksum = body.pop()!.slice(1);
  if (body.length === 0 || !body.every((line) => BASE64_LINE.test(line))) {
    throw new ArmorError('invalid_armor', 'The armor body is not valid base64.');
  }
  const joined = body.join('');
  if (joined.length % 4 !== 0 || /=[^=]/.test(joined)) {
    throw new ArmorError('invalid_armor', 'The armor body is not valid base64.');
  }
  const bytes = new Uint8Array(Buffer.from(joined, 'base64'));
  if (checksum !== undefined && Buffer.from(crc24(bytes)).toString('base64') !== checksum) {
    throw new ArmorError(
      'armor_checksum_mismatch',
      'The armor checksum does not match: the message was damaged.',
    );
  }
  return bytes;
}

/**
 * Armors stored packet bytes for export (GnuPG reads it with `gpg --decrypt`).
 * Interop: always with the CRC24 line. GnuPG 2.2 reads the END line of a checksum-less armor
 * whose base64 has no `=` padding (a third of all lengths) as more data, and fails.
 */
export function armorMessage(bytes: Uint8Array): string {
  return armor(enums.armor.message, bytes, undefined, undefined, undefined, true);
}

function crc24(bytes: Uint8Array): Uint8Array {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return new Uint8Array([(crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff]);
}
