/** The offline export as one tar file: what `case:export` writes to a folder, for the browser. */
import { pack } from 'tar-stream';
import type { CaseExport } from '../case-messages';

export async function tarOfCaseExport(exported: CaseExport): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const file of exported.files) {
    // A fixed date: the archive must not carry the time of the export or of any report.
    archive.entry(
      { name: `${exported.caseId}/${file.name}`, mode: 0o600, mtime: new Date(0) },
      file.content,
    );
  }
  archive.finalize();
  await finished;
  return Buffer.concat(chunks);
}
