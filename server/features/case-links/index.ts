export { CaseLinksRepository, type CaseLinks } from './case-links.repository';
export { LinkingKeysRepository, type StoredLinkingKey } from './linking-keys.repository';
export { CaseLinksService, type LinkedCase, type RotatedCase } from './case-links.service';
export { caseLinksRoutes } from './case-links.routes';
