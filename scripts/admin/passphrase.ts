/**
 * Passphrases for the organisation key: from a file (automation) or typed at a hidden prompt.
 * Never from a command-line argument or environment variable, which other processes can read.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export class CliError extends Error {
  override readonly name = 'CliError';
}

export async function readPassphrase(options: {
  file?: string | undefined;
  prompt: string;
  confirm?: boolean;
}): Promise<string> {
  if (options.file) {
    const passphrase = readFileSync(options.file, 'utf8').replace(/\r?\n$/, '');
    if (passphrase.length < 12)
      throw new CliError('The passphrase in the file must be at least 12 characters.');
    return passphrase;
  }
  if (!process.stdin.isTTY) {
    throw new CliError('No terminal to ask for the passphrase: pass --passphrase-file <file>.');
  }
  const passphrase = await promptHidden(options.prompt);
  if (passphrase.length < 12) throw new CliError('The passphrase must be at least 12 characters.');
  if (options.confirm && (await promptHidden('Repeat the passphrase: ')) !== passphrase) {
    throw new CliError('The passphrases do not match.');
  }
  return passphrase;
}

async function promptHidden(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  process.stderr.write(prompt);
  output._writeToOutput = () => {}; // hide what is typed
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}
