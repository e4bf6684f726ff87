import { defineRoutes } from '../route';

export const taskInstancesRoutes = defineRoutes([]);
