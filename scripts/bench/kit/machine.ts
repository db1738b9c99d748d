/**
 * The one description of the machine a run measured on. Benches are ratios of two things measured
 * on the same machine seconds apart, but the load average says how far absolute figures can be
 * trusted on a shared machine.
 */
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly node: string;
  /** `LocalDatabase.engine` of the database a bench started; undefined if it used none. */
  database?: string | undefined;
  /** Chromium's version, where a bench ran it. */
  chromium?: string | undefined;
  readonly loadAtStart: number;
  loadAtEnd?: number;
}

/** The 1-minute load average. */
export const loadAverage = (): number => Number((loadavg()[0] ?? 0).toFixed(2));

export function machineNow(): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
    platform: `${platform()} ${arch()}`,
    node: process.version,
    loadAtStart: loadAverage(),
  };
}

export function finishMachine(machine: Machine): Machine {
  machine.loadAtEnd = loadAverage();
  return machine;
}

export function describeMachine(machine: Machine): string {
  return (
    `${machine.cpus} cpus (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, ` +
    `node ${machine.node}, db ${machine.database ?? '—'}, chromium ${machine.chromium ?? '—'}; ` +
    `load average ${machine.loadAtStart} at start, ${machine.loadAtEnd ?? '?'} at end`
  );
}
