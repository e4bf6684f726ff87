import { alertChannelsPaths } from './alert-channels';
import { backfillsPaths } from './backfills';
import { connectionsPaths } from './connections';
import { dagsPaths } from './dags';
import { withDatasetCurationPaths } from './dataset-curation';
import { datasetObservationsPaths } from './dataset-observations';
import { datasetEventsPaths } from './dataset-events';
import { datasetsPaths } from './datasets';
import { incidentsPaths } from './incidents';
import { runsPaths } from './runs';
import { searchPaths } from './search';
import { systemPaths } from './system';
import { taskInstancesPaths } from './task-instances';
import { variablesPaths } from './variables';

/** The OpenAPI document served at /api/v1/openapi.json, assembled from one fragment per resource. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tributary REST API',
      version: '1',
      description: "Airflow-compatible shapes. Authenticate with `Authorization: Bearer <token>` (a workspace API token). Errors are problem-details JSON: {title, status, detail, errors?: [{path, line, column, message}]}.",
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, line: { type: ['integer', 'null'] }, column: { type: ['integer', 'null'] }, message: { type: 'string' } } } },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths: { ...systemPaths, ...dagsPaths, ...runsPaths, ...taskInstancesPaths, ...backfillsPaths, ...connectionsPaths, ...variablesPaths, ...alertChannelsPaths, ...incidentsPaths, ...withDatasetCurationPaths(datasetsPaths), ...datasetEventsPaths, ...datasetObservationsPaths, ...searchPaths },
  };
}
