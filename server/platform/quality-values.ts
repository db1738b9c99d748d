/**
 * The one reader of the Accept-* headers' weighted lists (RFC 9110 12.4.2: `value;q=0.5`, a
 * missing q is 1): Accept-Encoding for the built sites, Accept-Language for the reporter page.
 * Only the first `limit` entries are read, so a long header costs nothing.
 */
export interface WeightedValue {
  /** Lower-cased, trimmed. */
  readonly value: string;
  readonly quality: number;
  /** Where it stood in the header, for ties. */
  readonly position: number;
}

export function weightedValues(header: string, limit: number): WeightedValue[] {
  return header
    .split(',')
    .slice(0, limit)
    .map((part, position) => {
      const [value = '', ...parameters] = part.trim().toLowerCase().split(';');
      const quality = parameters
        .map((parameter) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(parameter)?.[1])
        .find((q) => q !== undefined);
      return {
        value: value.trim(),
        quality: quality === undefined ? 1 : Number(quality),
        position,
      };
    })
    .filter(({ value }) => value !== '');
}
