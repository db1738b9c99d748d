/**
 * Choosing files: each is prepared at once (photos cleaned) so the reporter sees, before sending,
 * what was removed or that a file could not be cleaned. Chosen files live only in memory.
 */
import { element } from '../../shared/dom';
import type { Translate } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/catalogues';
import {
  MAX_FILE_BYTES,
  MAX_FILE_MB,
  MAX_REPORT_MB,
  MAX_TOTAL_BYTES,
  prepareFile,
  type PreparedFile,
} from './prepare-file';

const LIMITS = { maxFileMb: MAX_FILE_MB, maxTotalMb: MAX_REPORT_MB };

export interface AttachmentPicker {
  readonly element: HTMLElement;
  /** The prepared files, or null when the choice cannot be sent (too large). */
  chosenFiles(): readonly PreparedFile[] | null;
  /** Resolves once every chosen file has been prepared. */
  settled(): Promise<void>;
  /** Forgets every chosen file: they were sent, and a sent file cannot be removed any more. */
  clear(): void;
}

export function createAttachmentPicker(t: Translate): AttachmentPicker {
  const chosen: PreparedFile[] = [];
  /** A file refused at the last choice (too large); shown until the next choice. */
  let refusedFile = false;
  let pending: Promise<void> = Promise.resolve();
  const input = element('input', {
    type: 'file',
    id: 'attachments',
    name: 'attachments',
    multiple: '',
  });
  const list = element('ul', { id: 'attachment-list', class: 'attachments' });
  const problem = element('p', { id: 'attachment-problem', role: 'alert', class: 'problem' });

  const render = (): void => {
    list.replaceChildren(
      ...chosen.map((file, position) => {
        const remove = element('button', { type: 'button', class: 'secondary small' }, [
          t('form.attachments.remove'),
        ]);
        remove.addEventListener('click', () => {
          chosen.splice(position, 1);
          render();
        });
        return element('li', { 'data-cleaned': String(file.cleaned) }, [
          // The name is shown to the reporter only; it travels only inside the encryption.
          element('span', { class: 'file-name', dir: 'auto' }, [file.name]),
          element('p', { class: 'file-note' }, [describeCleaning(t, file)]),
          remove,
        ]);
      }),
    );
    const total = chosen.reduce((sum, file) => sum + file.bytes.length, 0);
    if (total > MAX_TOTAL_BYTES) problem.textContent = t('form.attachments.totalTooLarge', LIMITS);
    else if (refusedFile) problem.textContent = t('form.attachments.tooLarge', LIMITS);
    else problem.textContent = '';
  };

  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    pending = pending.then(async () => {
      refusedFile = false;
      for (const file of files) {
        if (file.size > MAX_FILE_BYTES) {
          refusedFile = true;
          continue;
        }
        chosen.push(await prepareFile(file));
      }
      render();
    });
  });

  return {
    element: element('div', { class: 'field' }, [
      element('label', { for: 'attachments' }, [t('form.attachments.label')]),
      element('p', { class: 'hint', id: 'attachments-hint' }, [t('form.attachments.hint', LIMITS)]),
      input,
      list,
      problem,
    ]),
    chosenFiles: () =>
      chosen.reduce((sum, file) => sum + file.bytes.length, 0) > MAX_TOTAL_BYTES
        ? null
        : [...chosen],
    settled: () => pending,
    clear: () => {
      chosen.length = 0;
      refusedFile = false;
      render();
    },
  };
}

function describeCleaning(t: Translate, file: PreparedFile): string {
  if (!file.cleaned) return t('form.attachments.notCleanable');
  if (file.removed.length === 0) return t('form.attachments.nothingToClean');
  const removed = file.removed
    .map((kind) => t(`form.attachments.removed.${kind}` as MessageKey))
    .join(', ');
  return t('form.attachments.cleaned', { removed });
}
