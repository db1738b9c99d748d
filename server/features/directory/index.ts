export { DirectoryService, type CurrentDirectory } from './directory.service';
export { DirectoryRepository } from './directory.repository';
export { directoryRoutes } from './directory.routes';
export type { DirectoryContent } from './directory.schema';
