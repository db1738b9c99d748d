/**
 * Reading the staff API's answers with the API contract's schemas (contract/api/*): the server
 * is trusted for values, not for shape. An answer the contract does not describe becomes the
 * typed failure `unknown`, which the dashboard shows like any other failure; where one bad
 * element of a list would hide good ones, or one bad optional field a whole case, the readers
 * here leave out the element or fall back for the field instead.
 */
import {
  catch as withFallback,
  object,
  optional,
  pipe,
  safeParse,
  transform,
  unknown,
  type ZodMiniObject,
} from 'zod/mini';
import type { $ZodShape, $ZodType, output } from 'zod/v4/core';
import type { ApiOutcome } from './api-client';

/** `value` as `schema` reads it, or null. */
export function readAs<S extends $ZodType>(schema: S, value: unknown): output<S> | null {
  const parsed = safeParse(schema, value);
  return parsed.success ? parsed.data : null;
}

/** The elements of a list that `schema` reads, in order; anything else is left out. */
export function readableItems<S extends $ZodType>(schema: S, value: unknown): output<S>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const read = readAs(schema, item);
    return read === null ? [] : [read];
  });
}

/** Any value, or none: a field read apart (a list whose elements are read one by one). */
export const anyValue = optional(unknown());

/** A field whose value is read as a list of the elements `schema` reads (see readableItems). */
export function readableList<S extends $ZodType>(schema: S) {
  return pipe(
    anyValue,
    transform((value: unknown) => readableItems(schema, value)),
  );
}

/**
 * The object schema with a fallback for each field named in `fallbacks`: a missing or malformed
 * value of that field reads as its fallback, while every other field must match.
 */
export function withFallbacks<Shape extends $ZodShape>(
  schema: ZodMiniObject<Shape>,
  fallbacks: { readonly [K in keyof Shape]?: output<Shape[K]> },
): ZodMiniObject<Shape> {
  const shape: Record<string, $ZodType> = { ...schema.def.shape };
  for (const [name, fallback] of Object.entries(fallbacks)) {
    const field = shape[name];
    if (field) shape[name] = withFallback(field, fallback as never);
  }
  return object(shape) as unknown as ZodMiniObject<Shape>;
}

/** The outcome with its body read by `read`; a body it cannot read is the failure `unknown`. */
export function shaped<T>(
  result: ApiOutcome<unknown>,
  read: (body: unknown) => T | null,
): ApiOutcome<T> {
  if (!result.ok) return result;
  const body = read(result.body);
  return body === null
    ? { ok: false, status: result.status, code: 'unknown' }
    : { ok: true, status: result.status, body };
}
