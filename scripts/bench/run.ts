/**
 * One bench: `npm run bench:<name> -- [options]`, i.e. `tsx scripts/bench/run.ts <name> [options]`
 * (`--help` lists a bench's options and their defaults).
 */
import { BENCHES } from './benches';

const [name, ...argv] = process.argv.slice(2);
const bench = BENCHES.find((entry) => entry.name === name);
if (bench) {
  void bench.cli(argv);
} else {
  process.stderr.write(
    `usage: tsx scripts/bench/run.ts <${BENCHES.map((b) => b.name).join('|')}> [options]\n`,
  );
  process.exitCode = 2;
}
