import { defineRoutes } from '../route';

export const connectionsRoutes = defineRoutes([]);
