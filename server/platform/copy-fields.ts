/**
 * The named fields of `source`, as they are, and no other: how a repository turns a stored
 * document into the object it answers with (and back) without passing on a field nobody named.
 */
export function copyFields<T extends object, K extends keyof T>(
  source: T,
  names: readonly K[],
): Pick<T, K> {
  const copy = {} as Pick<T, K>;
  for (const name of names) copy[name] = source[name];
  return copy;
}
