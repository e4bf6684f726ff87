import { z } from 'zod';
import { getDagDatasetSchedule } from '../../services/catalog/get-dag-dataset-schedule';
import { router, workspaceProcedure } from '../init';

/** A DAG scheduled on datasets: what it waits for (the DAG page). */
export const datasetScheduleRouter = router({
  forDag: workspaceProcedure
    .input(z.object({ dagId: z.string().trim().min(1).max(250) }))
    .query(({ ctx, input }) => getDagDatasetSchedule(ctx.service, input.dagId)),
});
