/** Runs the real server entry point (server/main.ts) as a child process, as production does. */
export {
  spawnServerProcess,
  startServerProcess,
  type ServerProcess,
} from '../../scripts/lib/app-process';
