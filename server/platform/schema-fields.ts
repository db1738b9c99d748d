/**
 * The kinds of field a collection schema declares (collectionSchema in db.ts), named for what a
 * stored document holds in them, so that "present on every document", "null until set" and
 * "absent on documents stored before it existed" mean the same in every collection. Limits beyond
 * the type are spread next to them: `{ ...required(String), enum: ROLES }`.
 */

/** A field every document holds: a write without it is refused. */
export function required<T>(type: T) {
  return { type, required: true as const };
}

/** A field that holds null until it is set (stored as null, never left out). */
export function nullable<T>(type: T) {
  return { type, default: null };
}

/**
 * A field absent on documents stored before it existed, or written only in some states; readers
 * treat its absence as the documented default.
 */
export function optional<T>(type: T) {
  return { type, required: false as const };
}
