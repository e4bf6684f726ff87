import type { Prisma } from '../../db/client';
import type { TDagRunState } from '../../domain/state/dag-run-transitions';
import type { TServiceContext } from '../context';
import { findDagPk } from '../dags/get-dag';
import { RUN_INCLUDE, type TDagRunView } from './get-dag-run';
import type { TRunType } from '../../domain/schedule/run-id';

export const DAG_RUN_ORDERS = ['logical_date', '-logical_date', 'start_date', '-start_date'] as const;
export type TDagRunOrder = (typeof DAG_RUN_ORDERS)[number];

export type TListDagRunsInput = {
  dagId: string;
  limit: number;
  offset: number;
  states?: readonly TDagRunState[];
  runTypes?: readonly TRunType[];
  logicalDateGte?: Date;
  logicalDateLte?: Date;
  orderBy: TDagRunOrder;
};

function orderOf(order: TDagRunOrder): Prisma.DagRunOrderByWithRelationInput[] {
  const direction = order.startsWith('-') ? 'desc' : 'asc';
  // Runs not started yet have no start date: they sort last either way, then by logical date.
  if (order.endsWith('start_date')) return [{ startDate: { sort: direction, nulls: 'last' } }, { logicalDate: direction }];
  return [{ logicalDate: direction }];
}

/** One page of a DAG's runs, with the total matching the filters. */
export async function listDagRuns(ctx: TServiceContext, input: TListDagRunsInput): Promise<{ runs: TDagRunView[]; total: number }> {
  const dag = await findDagPk(ctx.db, ctx.workspaceId, input.dagId);
  const where: Prisma.DagRunWhereInput = {
    dagPk: dag.id,
    ...(input.states && input.states.length > 0 ? { state: { in: [...input.states] } } : {}),
    ...(input.runTypes && input.runTypes.length > 0 ? { runType: { in: [...input.runTypes] } } : {}),
    ...(input.logicalDateGte || input.logicalDateLte ? { logicalDate: { gte: input.logicalDateGte, lte: input.logicalDateLte } } : {}),
  };
  const [runs, total] = await Promise.all([
    ctx.db.dagRun.findMany({ where, include: RUN_INCLUDE, orderBy: orderOf(input.orderBy), take: input.limit, skip: input.offset }),
    ctx.db.dagRun.count({ where }),
  ]);
  return { runs, total };
}
