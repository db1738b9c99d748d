/**
 * The files listed in the decrypted report and follow-ups (their manifests): name (bidi
 * controls made visible), type and size as text. "Download" fetches each encrypted part,
 * decrypts it here, joins the parts, checks the manifest's SHA-256 and only then saves an
 * `application/octet-stream` Blob under a safe name (safeFileName). A preview is offered only
 * for JPEG/PNG/WebP/GIF manifests: decoded with createImageBitmap and drawn on a canvas — no
 * <img>, no object URL to navigate to, nothing opened in a new tab.
 */
import { element } from '../../shared/dom';
import type { CaseApi, CaseDetail } from '../cases/case-api';
import { decryptStored, sha256Hex } from '../cases/case-crypto';
import type { ManifestEntry } from '../cases/report-reader';
import { saveBytes } from '../cases/save-file';
import { displayFileName, displayText, isPreviewable, safeFileName } from '../cases/safe-text';
import type { DashboardContext } from '../context';
import { button, casePanel, onClick, problemLine, statusLine } from '../controls';
import { formatBytes } from '../format';
import { describeFailure } from '../session/error-messages';
import type { CaseFile } from './decrypt-case';

/** Longest side of a preview in canvas pixels (the canvas is scaled down by CSS on small screens). */
const MAX_PREVIEW_PIXELS = 1600;

type FileOutcome = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

export function renderFilesPanel(
  ctx: DashboardContext,
  api: CaseApi,
  detail: CaseDetail,
  files: readonly CaseFile[],
): HTMLElement {
  const { t } = ctx;
  return casePanel(
    'case-files',
    t('files.title'),
    files.length === 0
      ? [element('p', { id: 'case-files-none' }, [t('files.none')])]
      : [
          element('p', { class: 'hint' }, [t('files.warning')]),
          element(
            'ul',
            { id: 'file-list', class: 'files' },
            files.map((file) => renderFile(ctx, api, detail, file)),
          ),
        ],
  );
}

function renderFile(
  ctx: DashboardContext,
  api: CaseApi,
  detail: CaseDetail,
  file: CaseFile,
): HTMLElement {
  const { t } = ctx;
  const manifest = file.manifest;
  const id = manifest.attachmentId;
  const shownName = manifest.name === '' ? t('files.noName') : displayFileName(manifest.name);
  const savedAs = safeFileName(manifest.name);
  const status = statusLine(`file-status-${id}`);
  const problem = problemLine(`file-problem-${id}`);
  const previewArea = element('div', { class: 'preview' });
  const download = button(t('files.download'), {
    'data-action': 'download',
    'aria-label': t('files.downloadNamed', { name: shownName }),
  });
  let verified: Uint8Array | null = null;

  /** The file's bytes, fetched and verified once; null once the problem line says why not. */
  const verifiedBytes = async (): Promise<Uint8Array | null> => {
    problem.textContent = '';
    if (verified) return verified;
    const outcome = await fetchFile(ctx, api, detail, manifest, (done, total) => {
      status.textContent = t('files.progress', { done, total });
    });
    if (!outcome.ok) {
      status.textContent = '';
      problem.textContent = outcome.message;
      return null;
    }
    verified = outcome.bytes;
    return verified;
  };

  onClick(download, async () => {
    const bytes = await verifiedBytes();
    if (!bytes) return;
    saveBytes(bytes, savedAs);
    status.textContent = t('files.saved', { name: savedAs });
  });

  const actions: HTMLElement[] = [download];
  if (isPreviewable(manifest.type)) {
    const preview = button(t('files.preview'), {
      'data-action': 'preview',
      'aria-label': t('files.previewNamed', { name: shownName }),
    });
    onClick(preview, async () => {
      const bytes = await verifiedBytes();
      if (!bytes) return;
      const canvas = await drawPreview(bytes, t('files.previewOf', { name: shownName }));
      if (!canvas) {
        status.textContent = '';
        problem.textContent = t('files.previewFailed');
        return;
      }
      previewArea.replaceChildren(canvas);
      status.textContent = t('files.previewShown');
    });
    actions.push(preview);
  }

  const from =
    file.from.kind === 'report'
      ? t('files.from.report')
      : t(file.from.verified ? 'files.from.followUp' : 'files.from.followUpUnverified', {
          day: file.from.sentOn,
        });
  return element(
    'li',
    {
      class: 'file',
      'data-attachment-id': id,
      'data-previewable': String(isPreviewable(manifest.type)),
    },
    [
      element('p', { class: 'file-name', dir: 'auto' }, [shownName]),
      element('p', { class: 'file-meta' }, [
        t('files.meta', {
          // First-strong isolate: a Latin MIME type cannot reorder the Uyghur sentence around it.
          type: `\u2068${manifest.type === '' ? t('files.unknownType') : displayText(manifest.type)}\u2069`,
          size: formatBytes(ctx.locale, manifest.size),
        }),
        ' ',
        from,
        ' ',
        manifest.cleaned ? t('files.cleaned') : t('files.notCleaned'),
      ]),
      element('p', { class: 'file-saved-as' }, [
        t('files.savedAs'),
        ' ',
        element('code', { dir: 'ltr', 'data-safe-name': savedAs }, [savedAs]),
      ]),
      element('div', { class: 'actions' }, actions),
      status,
      problem,
      previewArea,
    ],
  );
}

/**
 * Every part, in order, decrypted with the unlocked key and joined; then size and SHA-256 must
 * equal the manifest's. Nothing partial or unverified is ever returned.
 */
async function fetchFile(
  ctx: DashboardContext,
  api: CaseApi,
  detail: CaseDetail,
  manifest: ManifestEntry,
  onProgress: (done: number, total: number) => void,
): Promise<FileOutcome> {
  const { t } = ctx;
  const stored = detail.attachments.find((entry) => entry.attachmentId === manifest.attachmentId);
  if (!stored || stored.parts.length !== manifest.parts) {
    return {
      ok: false,
      message: t('files.incomplete', { have: stored?.parts.length ?? 0, need: manifest.parts }),
    };
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (const [position, part] of stored.parts.entries()) {
    onProgress(position, stored.parts.length);
    const handle = ctx.keys.unlocked;
    if (!handle) return { ok: false, message: t('error.key_locked') };
    const encrypted = await api.part(detail.summary.caseId, manifest.attachmentId, part.index);
    if (!encrypted.ok) return { ok: false, message: describeFailure(t, encrypted) };
    const decrypted = await decryptStored(handle, encrypted.body, detail.bounds.attachmentPart);
    if (!decrypted.ok) return { ok: false, message: t('files.undecryptable') };
    length += decrypted.plaintext.length;
    // Security: stop early rather than hold far more than the manifest promised.
    if (length > manifest.size) return { ok: false, message: t('files.mismatch') };
    chunks.push(decrypted.plaintext);
  }
  onProgress(stored.parts.length, stored.parts.length);
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  // Security: the reporter's own fingerprint of the file; keep before saving or previewing.
  if (length !== manifest.size || (await sha256Hex(bytes)) !== manifest.sha256) {
    return { ok: false, message: t('files.mismatch') };
  }
  return { ok: true, bytes };
}

/** Decodes a raster image into a canvas (no <img>, no URL); null if it does not decode. */
async function drawPreview(bytes: Uint8Array, label: string): Promise<HTMLCanvasElement | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  } catch {
    return null;
  }
  try {
    const scale = Math.min(1, MAX_PREVIEW_PIXELS / Math.max(bitmap.width, bitmap.height, 1));
    const canvas = element('canvas', { class: 'preview-canvas', role: 'img', 'aria-label': label });
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return canvas;
  } finally {
    bitmap.close();
  }
}
