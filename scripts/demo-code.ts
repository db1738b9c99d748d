/**
 * `npm run demo:code`: the code the demo accounts' authenticator app would show now (their
 * TOTP secrets are DEMO secrets kept under .data/demo). Each code signs in once.
 */
import { DEMO_DIR } from './lib/demo-keys';
import { currentDemoCodes } from './lib/demo-staff';

const codes = currentDemoCodes(DEMO_DIR, new Date());
if (codes.length === 0) {
  process.stderr.write(
    'No demo accounts here: start the demo first with `bash scripts/demo.sh`.\n',
  );
  process.exit(1);
}
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
for (const { username, code } of codes) process.stdout.write(`${username}: ${code}\n`);
process.stdout.write(`(valid for ${secondsLeft} more seconds, and the next 30)\n`);
