export { StatsService, type StatsSettings, type ReleaseOutcome } from './stats.service';
export { StatsReleasesRepository } from './stats-releases.repository';
export { statsRoutes } from './stats.routes';
export { statsRequestSchema, releaseRequestSchema, type StatsRequest } from './stats.schema';
export { csvCell, STATEMENT } from './release-files';
