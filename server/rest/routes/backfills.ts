import { defineRoutes } from '../route';

export const backfillsRoutes = defineRoutes([]);
