import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TImportReportEntry } from '../../server/domain/airflow/airflow-description';
import { convertAirflowRead, type TFileConversion } from '../../server/domain/airflow/convert-airflow-file';
import { CliError } from '../cli-error';
import { createOutput, type TOutput } from '../output';
import type { TServerCommandOptions } from '../server/connect';
import { importEnv } from './import-env';
import { readAirflowFiles, type TPythonSource } from './read-airflow-files';

export type TImportAirflowOptions = TServerCommandOptions & { out?: string; deploy?: boolean };

type TWrittenSpec = { file: string; dag_id: string; path: string; valid: boolean };

/**
 * `tributary import airflow <files or folders>`: one spec per DAG, written to --out or beside
 * its .py file as <dag_id>.yaml, and the report per file and line. With --deploy the written
 * specs go to the server as `dags deploy` sends them. Exit code 1 when anything was not
 * converted (the report says what) or a deploy failed.
 */
export async function importAirflow(targets: string[], options: TImportAirflowOptions): Promise<number> {
  const out = createOutput(options);
  const sources = await pythonSources(targets);
  const conversions = convertAirflowRead(await readAirflowFiles(sources, importEnv()));
  const written = await writeSpecs(conversions, options.out);
  out.result({ files: conversions.map((c) => ({ file: c.file, specs: written.filter((w) => w.file === c.file), report: c.report })) }, () => printReport(out, conversions, written));
  let code = conversions.some((c) => c.failed) ? 1 : 0;
  if (options.deploy && written.length > 0) {
    const { dagsDeploy } = await import('../server/dags-deploy');
    code = Math.max(code, await dagsDeploy(written.map((w) => w.path), options));
  }
  return code;
}

/** The .py files named, and those under named folders that mention both "airflow" and "dag" (Airflow's own safe-mode test). */
async function pythonSources(targets: string[]): Promise<TPythonSource[]> {
  const sources: TPythonSource[] = [];
  for (const target of targets) {
    const info = await stat(target).catch(() => null);
    if (!info) throw new CliError(`${target}: no such file or directory`);
    if (!info.isDirectory()) {
      sources.push({ path: target, source: await readFile(target, 'utf8') });
      continue;
    }
    const names = (await readdir(target, { recursive: true })).filter((name) => name.endsWith('.py') && !name.split(path.sep).includes('__pycache__')).sort();
    for (const name of names) {
      const file = path.join(target, name);
      const source = await readFile(file, 'utf8');
      if (/airflow/i.test(source) && /dag/i.test(source)) sources.push({ path: file, source });
    }
  }
  if (sources.length === 0) throw new CliError(`${targets.join(', ')}: no Airflow DAG files (*.py mentioning airflow and dag)`);
  return sources;
}

async function writeSpecs(conversions: TFileConversion[], outDir: string | undefined): Promise<TWrittenSpec[]> {
  const written: TWrittenSpec[] = [];
  for (const conversion of conversions) {
    const dir = outDir ?? path.dirname(conversion.file);
    await mkdir(dir, { recursive: true });
    for (const dag of conversion.dags) {
      const file = path.join(dir, `${dag.dagId}.yaml`);
      if (written.some((w) => w.path === file)) {
        conversion.report.push({ file: conversion.file, line: dag.line, status: 'not_converted', subject: `DAG ${dag.dagId}`, message: `${file} was already written from another DAG with this dag_id: this one is not written` });
        conversion.failed = true;
        continue;
      }
      await writeFile(file, dag.yaml);
      written.push({ file: conversion.file, dag_id: dag.dagId, path: file, valid: dag.problems.length === 0 });
    }
  }
  return written;
}

const STATUS_LABEL: Record<TImportReportEntry['status'], string> = { converted: 'converted', not_converted: 'NOT CONVERTED', note: 'note' };

function printReport(out: TOutput, conversions: TFileConversion[], written: TWrittenSpec[]): void {
  for (const conversion of conversions) {
    out.say(`${conversion.file}`);
    for (const entry of conversion.report) {
      out.say(`  ${entry.line ?? '-'}: ${STATUS_LABEL[entry.status]}: ${entry.subject}: ${entry.message}`);
      if (entry.suggestion) out.say(`      suggestion: ${entry.suggestion}`);
    }
    for (const spec of written.filter((w) => w.file === conversion.file)) out.say(`  wrote ${spec.path}${spec.valid ? '' : ' (it does not validate: see above)'}`);
  }
}
