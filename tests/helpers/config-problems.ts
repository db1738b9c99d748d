import { ConfigError } from '../../server/config';

/** The problems a configuration loader (loadConfig, loadNotifierConfig) lists for `env`; [] when it loads. */
export function configProblems(
  load: (env: Record<string, string>) => unknown,
  env: Record<string, string>,
): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}
