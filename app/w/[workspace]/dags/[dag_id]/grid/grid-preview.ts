/*
 * The grid as plain HTML, drawn before the page's JavaScript has hydrated: the squares in their
 * states' colours, the task names and the runs' bars, so the first paint already shows the grid
 * (5,000 squares at 100 runs). It has no buttons and takes no input: hydration keeps it as one
 * element (React does not walk an innerHTML) and then swaps in the interactive grid
 * (grid-table.tsx). One string instead of React elements, because hydrating 5,000 elements only
 * to replace them at once would cost more than drawing them. Pure; every text is escaped.
 */
import { worstState } from '../../../../../../server/domain/state/worst-state';
import { stateColor } from '../../../../../components/state-badge';
import { barHeight } from './grid-layout';
import { gridRows } from './grid-rows';
import { RUN_TYPE_MARKS, runSeconds, type TGridRun, type TGridTask } from './grid-types';

const CLASS_NAMES = ['scroll', 'grid', 'preview', 'taskHead', 'runCell', 'mark', 'dateBox', 'barBox', 'runHead', 'groupSquare', 'inGroup', 'groupRow', 'previewGroup', 'previewMarks'] as const;

/** The CSS module's class names the preview uses (grid.module.css). */
export type TPreviewClasses = Record<(typeof CLASS_NAMES)[number], string>;

/** The preview's class names out of the CSS module (one it lacks is no class, not "undefined"). */
export function previewClasses(module: Readonly<Record<string, string | undefined>>): TPreviewClasses {
  return Object.fromEntries(CLASS_NAMES.map((name) => [name, module[name] ?? ''])) as TPreviewClasses;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for an HTML attribute or element body. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function headCell(run: TGridRun, height: number, marked: boolean, css: TPreviewClasses): string {
  const mark = RUN_TYPE_MARKS[run.run_type];
  return (
    `<th scope="col" class="${css.runCell}">` +
    (marked ? `<span class="${css.previewMarks}"></span>` : '') +
    `<span class="${css.mark}">${mark ? escapeHtml(mark.letter) : ''}</span>` +
    `<span class="${css.dateBox}"></span>` +
    `<span class="${css.barBox}"><span class="${css.runHead}" data-state="${escapeHtml(run.state)}" aria-label="Run ${escapeHtml(run.run_id)}: ${escapeHtml(run.state)}" ` +
    `style="background:${stateColor(run.state)};height:${height}px"></span></span></th>`
  );
}

function taskCells(task: TGridTask, runs: readonly TGridRun[], css: TPreviewClasses): string {
  const taskId = escapeHtml(task.task_id);
  let cells = '';
  for (const run of runs) {
    const cell = run.task_instances[task.task_id];
    // No class per square (`.preview i` styles them) and no element in an empty cell: 5,000 of
    // them are most of the preview's bytes.
    cells += cell ? `<td><i data-task="${taskId}" data-state="${escapeHtml(cell.state)}"></i></td>` : '<td></td>';
  }
  return cells;
}

/**
 * The preview's HTML: the same table layout as the interactive grid (all groups unfolded, as it
 * opens), its column width from the container's width in CSS (grid.module.css `.preview`), since
 * nothing has measured the page yet. `nowIso` sizes the bars of runs still running.
 */
export function gridPreviewHtml(grid: { tasks: readonly TGridTask[]; runs: readonly TGridRun[] }, css: TPreviewClasses, nowIso: string): string {
  const { runs } = grid;
  const longest = Math.max(0, ...runs.map((run) => runSeconds(run, nowIso) ?? 0));
  const marked = runs.some((run) => run.note !== null || run.incident !== null);
  let html = `<div class="${css.scroll} ${css.preview}"><table class="${css.grid}" style="--runs:${runs.length}"><thead><tr><th scope="col" class="${css.taskHead}">Task</th>`;
  for (const run of runs) html += headCell(run, barHeight(runSeconds(run, nowIso), longest), marked, css);
  html += '</tr></thead><tbody>';
  for (const row of gridRows(grid.tasks, new Set())) {
    if (row.kind === 'group') {
      const name = escapeHtml(row.group);
      html += `<tr class="${css.groupRow}"><th scope="row"><span class="${css.previewGroup}">▾ ${name} <span class="muted">(${row.tasks.length})</span></span></th>`;
      for (const run of runs) {
        const state = worstState(row.tasks.flatMap((task) => run.task_instances[task.task_id]?.state ?? [])) ?? 'none';
        html += `<td><span class="${css.groupSquare}" data-state="${escapeHtml(state)}"></span></td>`;
      }
      html += '</tr>';
      continue;
    }
    html += `<tr><th scope="row"${row.inGroup ? ` class="${css.inGroup}"` : ''}>${escapeHtml(row.task.task_id)}</th>${taskCells(row.task, runs, css)}</tr>`;
  }
  return `${html}</tbody></table></div>`;
}
