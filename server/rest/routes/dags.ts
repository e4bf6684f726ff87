import { defineRoutes } from '../route';

export const dagsRoutes = defineRoutes([]);
