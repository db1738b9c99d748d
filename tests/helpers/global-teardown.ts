import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__amanatTestDatabase?.stop();
  if (globalThis.__amanatTestDataDir) {
    rmSync(globalThis.__amanatTestDataDir, { recursive: true, force: true });
  }
}
