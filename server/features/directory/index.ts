export {
  DirectoryService,
  type CurrentDirectory,
  type PreviousOrganisationKey,
  type PublishOptions,
} from './directory.service';
export { DirectoryRepository } from './directory.repository';
export { DirectoryExpiryWatch, type DirectoryExpiry } from './directory-expiry';
export { listedKeyMismatches } from './listed-keys';
export { directoryRoutes } from './directory.routes';
export {
  directoryContentSchema,
  DIRECTORY_FORMAT,
  type DirectoryContent,
  type DirectoryRetiredKey,
} from './directory.schema';
