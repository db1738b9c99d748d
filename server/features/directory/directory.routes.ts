import { recipientsAnswerSchema } from '../../../contract/api/reporter';
import type { AnswerOf } from '../../../contract/api/common';
import { Router } from 'express';
import type { DirectoryService } from './directory.service';

export function directoryRoutes(directoryService: DirectoryService): Router {
  const router = Router();
  router.get('/api/recipients', async (_req, res) => {
    const directory = await directoryService.getCurrentDirectory();
    res.json({
      directory: directory.signedDirectory,
      organisationKey: directory.organisationKey,
      version: directory.version,
    } satisfies AnswerOf<typeof recipientsAnswerSchema>);
  });
  return router;
}
