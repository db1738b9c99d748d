/** For page entries (bundled and run in Chromium, see browser.ts): timing and random bytes. */

/** Milliseconds of each of `runs` calls of `once` after `warmups` untimed ones; its last result. */
export async function timeRuns<T>(
  warmups: number,
  runs: number,
  once: () => Promise<T>,
): Promise<{ ms: number[]; last: T | undefined }> {
  let last: T | undefined;
  for (let i = 0; i < warmups; i += 1) last = await once();
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    last = await once();
    ms.push(performance.now() - started);
  }
  return { ms, last };
}

/** crypto.getRandomValues fills at most 64 KiB per call. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + 65_536, length)));
  }
  return bytes;
}
