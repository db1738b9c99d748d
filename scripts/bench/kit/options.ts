/**
 * A bench's options, typed from one spec: `--flag-name <n>` for each number (checked against its
 * range; also read from BENCH_<BENCH>_<FLAG_NAME>) and `--no-flag` for a switch that is on by
 * default. `--help` lists them with their defaults.
 */
import { Command, InvalidArgumentError, Option } from 'commander';

type NumberOption = { help: string; default: number; min: number; max: number; whole: boolean };
type SwitchOption = { help: string; default: boolean };
export type OptionSpecs = Readonly<Record<string, NumberOption | SwitchOption>>;
export type OptionValues<S extends OptionSpecs> = {
  readonly [K in keyof S]: S[K] extends SwitchOption ? boolean : number;
};

const numberOption =
  (whole: boolean) =>
  (help: string, value: number, min: number, max: number): NumberOption => {
    return { help, default: value, min, max, whole };
  };
/** A whole number from min to max. */
export const count = numberOption(true);
/** Any number from min to max. */
export const amount = numberOption(false);
/** A switch; `help` describes the flag as given: --no-<name> when `value` is true. */
export const flag = (help: string, value: boolean): SwitchOption => ({ help, default: value });

const flagOf = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function parseOptions<S extends OptionSpecs>(
  bench: string,
  description: string,
  specs: S,
  argv: readonly string[],
): OptionValues<S> {
  const program = new Command(`bench:${bench}`).description(description);
  for (const [key, spec] of Object.entries(specs)) {
    if (typeof spec.default === 'boolean') {
      program.option(`--${spec.default ? 'no-' : ''}${flagOf(key)}`, spec.help);
      continue;
    }
    const { min, max, whole } = spec;
    const parse = (raw: string): number => {
      const value = Number(raw);
      if (value >= min && value <= max && (!whole || Number.isInteger(value))) return value;
      throw new InvalidArgumentError(
        `must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}`,
      );
    };
    const env = `BENCH_${bench}_${flagOf(key)}`.replace(/-/g, '_').toUpperCase();
    const option = new Option(`--${flagOf(key)} <n>`, spec.help).env(env).argParser(parse);
    program.addOption(option.default(spec.default));
  }
  program.parse([...argv], { from: 'user' });
  return program.opts<OptionValues<S>>();
}

/** The command-line arguments that set these values (for `npm run bench` and the docs). */
export function optionArgs<S extends OptionSpecs>(specs: S, values: Partial<OptionValues<S>>) {
  return Object.entries(values).flatMap(([key, value]) => {
    if (typeof value === 'number') return [`--${flagOf(key)}`, String(value)];
    return value === specs[key]?.default ? [] : [`--${value ? '' : 'no-'}${flagOf(key)}`];
  });
}
