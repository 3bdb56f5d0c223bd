import { Router } from 'express';
import { openApiHandler } from '@videoforge/http';
import { ADMIN_DOCUMENT_PATH, adminOpenApiDocument } from '../contract/admin-document.ts';

/** The admin's contract, public like the api's: it describes routes, it grants nothing. */
export function openApiRoutes(): Router {
  const router = Router();
  router.get(ADMIN_DOCUMENT_PATH, openApiHandler(adminOpenApiDocument));
  return router;
}
