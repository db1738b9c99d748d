/**
 * Linked identifiers of a case (SECURITY.md "Linked cases"): the phone numbers, accounts and
 * plates the reporter named as having contacted or threatened them (the report's `contactedBy`
 * answer only, never the reporter's own contact details) are proposed, normalised; the caseworker
 * confirms them or adds others; only their keyed tokens and the identifiers, signed and
 * encrypted, are stored. The cases sharing a token are listed. The linking key is verified before
 * every use, and made, shared on or rotated here when that is what it needs.
 */
import { MAX_LINK_TOKENS_PER_CASE } from '../../../contract/api/case-links';
import { element } from '../../shared/dom';
import type { UnlockedCaseworkerKey, VerifiedDirectory } from '../../crypto';
import type { CaseApi } from '../cases/case-api';
import { loadVerifiedDirectory } from '../cases/case-crypto';
import type { ReadReport } from '../cases/report-reader';
import type { DashboardContext } from '../context';
import type { DashboardMessageKey } from '../i18n';
import { button, casePanel, onClick, outcomeLines, selectInput, textInput } from '../controls';
import {
  IDENTIFIER_TYPES,
  identifierKey,
  loadIdentifierRules,
  type IdentifierRules,
  type IdentifierType,
  type LinkIdentifier,
} from '../linking/identifiers';
import {
  codeOf,
  createLinkingKey,
  openIdentifiers,
  openLinkingKey,
  rotateLinkingKey,
  sealIdentifiers,
  tokensOf,
  type LinkingState,
} from '../linking/linking-key';
import { LinksApi, type CaseLinks } from '../linking/links-api';
import { describeFailure } from '../session/error-messages';

const typeLabel = (type: IdentifierType): DashboardMessageKey => `links.type.${type}`;

/** What the panel says when the stored linking key is not used, by why. */
const KEY_PROBLEMS: Readonly<Record<string, DashboardMessageKey>> = {
  linking_key_not_shared: 'links.notShared',
  linking_key_untrusted: 'links.untrusted',
  linking_key_rolled_back: 'links.rolledBack',
  linking_key_replaced: 'links.replaced',
};

export function renderLinksPanel(
  ctx: DashboardContext,
  caseApi: CaseApi,
  caseId: string,
  report: ReadReport | null,
  handle: UnlockedCaseworkerKey,
): HTMLElement {
  const { t } = ctx;
  const links = new LinksApi(ctx.client);
  const body = element('div', { id: 'links-body' });
  const { problem, status } = outcomeLines('links');
  const panel = casePanel('case-links', t('links.title'), [
    element('p', { class: 'hint' }, [t('links.intro')]),
    body,
    problem,
    status,
  ]);
  const fail = (code: string): void => {
    problem.textContent = describeFailure(t, { code });
  };

  const load = async (): Promise<void> => {
    problem.textContent = '';
    body.replaceChildren(element('p', { role: 'status' }, [t('common.loading')]));
    const directory = await loadVerifiedDirectory(caseApi);
    if (!panel.isConnected) return;
    if (!directory.ok) {
      body.replaceChildren();
      fail(directory.code);
      return;
    }
    const linking = await openLinkingKey(links, handle, directory.directory);
    if (!panel.isConnected) return;
    panel.dataset['state'] = linking.state;
    if (linking.state !== 'ready') {
      body.replaceChildren(...keyNeeds(linking, directory.directory));
      return;
    }
    const stored = await links.caseLinks(caseId);
    if (!panel.isConnected) return;
    if (!stored.ok) {
      body.replaceChildren();
      fail(stored.code);
      return;
    }
    let confirmed: LinkIdentifier[] = [];
    if (stored.body.links && stored.body.links.keyVersion === linking.version) {
      const opened = await openIdentifiers(
        handle,
        directory.directory,
        caseId,
        linking.version,
        stored.body.links.identifiers,
      ).catch((error: unknown) => codeOf(error));
      if (!panel.isConnected) return;
      // Security: saving without the stored identifiers would erase a colleague's links, so a
      // case whose identifiers this caseworker cannot open (or trust) has no editor.
      if (typeof opened === 'string') {
        body.replaceChildren(
          element('p', { id: 'links-identifiers-problem', class: 'notice-box', role: 'alert' }, [
            describeFailure(t, { code: opened }),
          ]),
        );
        return;
      }
      confirmed = opened;
    }
    const rules = await loadIdentifierRules();
    if (!panel.isConnected) return;
    body.replaceChildren(...editor(linking, directory.directory, confirmed, stored.body, rules));
  };

  /** What the key needs before anything can be linked: made, rotated, or it failed. */
  const keyNeeds = (linking: LinkingState, directory: VerifiedDirectory): Node[] => {
    if (linking.state === 'none') {
      const create = button(t('links.createKey'), { id: 'links-create-key' }, 'primary');
      onClick(create, async () => {
        const stored = await createLinkingKey(links, handle, directory);
        if (stored.ok || stored.code === 'linking_key_version') await load();
        else fail(stored.code);
      });
      return [element('p', {}, [t('links.noKey')]), create];
    }
    if (linking.state === 'retired') {
      const rotate = button(t('links.rotate'), { id: 'links-rotate' }, 'primary');
      onClick(rotate, async () => {
        status.textContent = t('links.rotating');
        const rotated = await rotateLinkingKey(links, handle, directory).catch(
          (error: unknown) => ({ ok: false, status: 0, code: codeOf(error) }) as const,
        );
        status.textContent = '';
        if (rotated.ok || rotated.code === 'rotation_not_needed') await load();
        else fail(rotated.code);
      });
      return [
        element('p', { id: 'links-rotation-needed', class: 'notice-box' }, [
          t('links.rotationNeeded'),
        ]),
        rotate,
      ];
    }
    if (linking.state === 'failed') {
      const own = KEY_PROBLEMS[linking.code];
      const text = own ? t(own) : describeFailure(t, { code: linking.code });
      return [
        element('p', { id: 'links-key-problem', class: 'notice-box', role: 'alert' }, [text]),
      ];
    }
    return [];
  };

  const editor = (
    linking: Extract<LinkingState, { state: 'ready' }>,
    directory: VerifiedDirectory,
    confirmed: readonly LinkIdentifier[],
    stored: CaseLinks,
    rules: IdentifierRules,
  ): Node[] => {
    const chosen = new Map<string, { identifier: LinkIdentifier; checked: boolean }>();
    for (const identifier of confirmed)
      chosen.set(identifierKey(identifier), { identifier, checked: true });
    // Only the contactedBy answer: the reporter's own contact details are never proposed.
    for (const identifier of rules.propose(report?.contactedBy ?? '', report?.country ?? null)) {
      if (!chosen.has(identifierKey(identifier))) {
        chosen.set(identifierKey(identifier), { identifier, checked: false });
      }
    }
    const list = element('ul', { id: 'links-identifiers', class: 'identifiers' });
    const drawList = (): void => {
      list.replaceChildren(
        ...(chosen.size === 0
          ? [element('li', {}, [t('links.nothingProposed')])]
          : [...chosen.values()].map((entry, index) => {
              const id = `links-identifier-${index}`;
              const box = element('input', {
                type: 'checkbox',
                id,
                'data-identifier': `${entry.identifier.type}:${entry.identifier.value}`,
              });
              box.checked = entry.checked;
              box.addEventListener('change', () => {
                entry.checked = box.checked;
              });
              return element('li', { class: 'choice' }, [
                box,
                element('label', { for: id }, [
                  t(typeLabel(entry.identifier.type)),
                  ': ',
                  element('bdi', { dir: 'ltr' }, [entry.identifier.value]),
                ]),
              ]);
            })),
      );
    };
    drawList();

    const typeSelect = selectInput(
      'links-add-type',
      IDENTIFIER_TYPES.map((type) => [type, t(typeLabel(type))] as const),
      'phone',
      { 'aria-label': t('links.addType') },
    );
    const valueInput = textInput('links-add-value', {
      'aria-label': t('links.addValue'),
      dir: 'ltr',
    });
    const add = button(t('links.add'), { id: 'links-add' });
    add.addEventListener('click', () => {
      problem.textContent = '';
      const identifier = rules.normalise(
        typeSelect.value as IdentifierType,
        valueInput.value,
        report?.country ?? null,
      );
      if (identifier === null) {
        problem.textContent = t('links.invalid', {
          type: t(typeLabel(typeSelect.value as IdentifierType)),
        });
        return;
      }
      chosen.set(identifierKey(identifier), { identifier, checked: true });
      valueInput.value = '';
      drawList();
    });

    const linked = element('ul', { id: 'links-linked-cases' });
    const drawLinked = (cases: CaseLinks['linkedCases']): void => {
      linked.replaceChildren(
        ...(cases.length === 0
          ? [element('li', {}, [t('links.noLinkedCases')])]
          : cases.map((entry) => {
              const open = button(t('links.openCase', { reference: entry.caseId.slice(0, 8) }), {
                'data-case-id': entry.caseId,
              });
              open.addEventListener('click', () => ctx.openCase(entry.caseId));
              return element('li', { 'data-case-id': entry.caseId }, [
                open,
                ' ',
                t('links.shared', { count: entry.shared }),
              ]);
            })),
      );
    };
    drawLinked(stored.linkedCases);

    const save = button(t('links.save'), { id: 'links-save' }, 'primary');
    onClick(save, async () => {
      problem.textContent = '';
      status.textContent = '';
      const identifiers = [...chosen.values()]
        .filter((entry) => entry.checked)
        .map((entry) => entry.identifier);
      // The server stores at most this many tokens a case; say so before anything is sealed.
      if (identifiers.length > MAX_LINK_TOKENS_PER_CASE) {
        problem.textContent = t('links.tooMany', {
          count: identifiers.length,
          max: MAX_LINK_TOKENS_PER_CASE,
        });
        return;
      }
      const tokens = await tokensOf(linking.key, identifiers);
      const sealed =
        identifiers.length === 0
          ? null
          : await sealIdentifiers(handle, directory, caseId, linking.version, identifiers);
      const saved = await links.link(caseId, linking.version, tokens, sealed);
      if (!saved.ok) {
        if (saved.code === 'linking_key_retired' || saved.code === 'linking_key_version') {
          await load();
        }
        fail(saved.code);
        return;
      }
      status.textContent = t('links.saved', { count: identifiers.length });
      drawLinked(saved.body.linkedCases);
    });

    return [
      list,
      element('div', { class: 'links-add' }, [typeSelect, valueInput, add]),
      save,
      element('h4', { id: 'links-linked-title' }, [t('links.linkedCases')]),
      linked,
    ];
  };

  void load();
  return panel;
}
