export { StatsService, type StatsSettings, type ReleaseOutcome } from './stats.service';
export { StatsReleasesRepository } from './stats-releases.repository';
export { StatsPartnersRepository, type StatsPartner } from './stats-partners.repository';
export { StatsPartnersService } from './stats-partners';
export { statsRoutes } from './stats.routes';
export { statsRequestSchema, releaseRequestSchema, type StatsRequest } from './stats.schema';
export { csvCell, STATEMENT } from './release-files';
