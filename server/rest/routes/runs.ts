import { defineRoutes } from '../route';

export const runsRoutes = defineRoutes([]);
