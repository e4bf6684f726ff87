import { defineRoutes } from '../route';

export const variablesRoutes = defineRoutes([]);
