/**
 * The deployment's files, checked by the tools that run them (installed by
 * scripts/lib/prerequisites.sh): Debian's Caddy 2.6 validates deploy/caddy/Caddyfile, and without
 * the placeholders set it is exactly compose's proxy (ports 80/443, app1:8080 and app2:8080, no
 * admin API, compression of static assets only, /readyz health checks); Debian's tor verifies
 * deploy/tor/torrc and has the proof-of-work module, and torrc forwards to the app addresses
 * compose gives the onion network; Compose v1 reads docker-compose.yml with every profile, refuses
 * to run without the required settings, and every image is pinned to a full version.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CADDYFILE } from '../../scripts/lib/production-path';

const ROOT = join(__dirname, '..', '..');
const TORRC = join(ROOT, 'deploy', 'tor', 'torrc');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const REQUIRED = {
  ORG_FINGERPRINT: '0000000000000000000000000000000000000000',
  PUBLIC_HOST: 'amanat.example.org',
  DIRECTORY_MIN_VERSION: '1',
};

function run(command: string, args: readonly string[], env: Record<string, string>) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
  if (result.error) {
    throw new Error(`${command} is not installed (scripts/lib/prerequisites.sh installs it)`);
  }
  return {
    status: result.status,
    stdout: result.stdout,
    output: `${result.stdout}${result.stderr}`,
  };
}

interface AdaptedCaddy {
  admin: { disabled: boolean };
  apps: {
    http: {
      http_port: number;
      https_port: number;
      servers: Record<string, { routes: unknown[] }>;
    };
  };
}

describe('deployment configuration, checked by the tools that run it', () => {
  const home = mkdtempSync(join(tmpdir(), 'amanat-configs-'));
  // Caddy writes nothing outside this run's own directory.
  const caddyEnv = {
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    PUBLIC_HOST: REQUIRED.PUBLIC_HOST,
  };
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  test('when Caddy 2.6 validates the Caddyfile then it is valid, and with no placeholder set it is compose’s proxy', () => {
    const validated = run(
      'caddy',
      ['validate', '--config', CADDYFILE, '--adapter', 'caddyfile'],
      caddyEnv,
    );
    expect({
      status: validated.status,
      valid: validated.output.includes('Valid configuration'),
    }).toEqual({
      status: 0,
      valid: true,
    });

    const adapted = run(
      'caddy',
      ['adapt', '--config', CADDYFILE, '--adapter', 'caddyfile'],
      caddyEnv,
    );
    expect(adapted.status).toBe(0);
    const config = JSON.parse(adapted.stdout) as AdaptedCaddy;
    expect(config.admin).toEqual({ disabled: true });
    expect([config.apps.http.http_port, config.apps.http.https_port]).toEqual([80, 443]);
    const routes = JSON.stringify(config.apps.http.servers);
    expect(routes.match(/"dial":"[^"]+"/g)).toEqual(['"dial":"app1:8080"', '"dial":"app2:8080"']);
    expect(routes).toContain('"uri":"/readyz"');
    // Compression only behind the static-asset matcher (BREACH: API answers carry secrets).
    expect(routes).toMatch(/"path":\["\/assets\/\*","\/staff\/assets\/\*"\]\}\]/);
    expect(routes.match(/"handler":"encode"/g)).toHaveLength(1);
    // The host Caddy serves is only PUBLIC_HOST.
    expect(routes.match(/"host":\[[^\]]*\]/g)).toEqual([`"host":["${REQUIRED.PUBLIC_HOST}"]`]);
  });

  test('when tor verifies torrc then it is valid with the proof-of-work defence built in', () => {
    const dataDirectory = mkdtempSync(join(home, 'tor-'));
    const verified = run(
      'tor',
      ['--verify-config', '-f', TORRC, '--DataDirectory', dataDirectory],
      { HOME: home },
    );
    expect({
      status: verified.status,
      valid: verified.output.includes('Configuration was valid'),
    }).toEqual({
      status: 0,
      valid: true,
    });
    expect(run('tor', ['--list-modules'], { HOME: home }).output.split('\n')).toContain('pow: yes');
  });

  test('when torrc forwards the onion service then its targets are the apps’ onion listeners in compose', () => {
    const targets = [...readFileSync(TORRC, 'utf8').matchAll(/^HiddenServicePort 80 (\S+)$/gm)].map(
      (match) => match[1],
    );
    const compose = readFileSync(COMPOSE_FILE, 'utf8');
    const onionPort = /ONION_PORT: '(\d+)'/.exec(compose)?.[1];
    const addresses = [...compose.matchAll(/ipv4_address: (\S+)/g)].map((match) => match[1]);
    expect(addresses).toHaveLength(2);
    expect(targets).toEqual(addresses.map((address) => `${address}:${onionPort}`));
  });

  test('when Compose reads docker-compose.yml then every profile is valid, the required settings have no defaults, and every image is pinned', () => {
    const profiles = ['--profile', 'onion', '--profile', 'restore'];
    const checked = run('docker-compose', [...profiles, 'config', '-q'], REQUIRED);
    expect([checked.status, checked.output]).toEqual([0, '']);
    for (const name of Object.keys(REQUIRED)) {
      const missing = run('docker-compose', [...profiles, 'config', '-q'], {
        ...REQUIRED,
        [name]: '',
      });
      expect([name, missing.status, missing.output.includes(name)]).toEqual([name, 1, true]);
    }

    const resolved = run('docker-compose', [...profiles, 'config'], REQUIRED).output;
    const images = [...new Set([...resolved.matchAll(/^ {4}image: (\S+)$/gm)].map((m) => m[1]))];
    // Pulled images carry a full version; ours (amanat, amanat-tor) are built from pinned bases.
    expect(images.sort()).toEqual([
      'amanat-tor:latest',
      'amanat:latest',
      'caddy:2.6.2',
      'mongo:8.0.28',
    ]);
    const bases = ['Dockerfile', join('deploy', 'tor', 'Dockerfile')].flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^FROM (\S+)/gm)].map((m) => m[1]),
    );
    for (const base of new Set(bases)) {
      expect([base, /^node:\d+\.\d+\.\d+-|^debian:[a-z]+-\d{8}-slim$|^base$/.test(base!)]).toEqual([
        base,
        true,
      ]);
    }
  });
});
