'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams, usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { FormEvent } from 'react';
import { datasetHref } from '../../../components/links';
import { useTRPC } from '../../../trpc-provider';
import styles from './datasets.module.css';
import { datasetShortForm } from '@/server/domain/catalog/dataset-short-form';

const FILTERS = ['q', 'conn', 'tag'] as const;
type TFilters = Partial<Record<(typeof FILTERS)[number], string>>;

/** The filters live in the URL (?q=&conn=&tag=), so a filtered list can be shared. */
export function DatasetList() {
  const trpc = useTRPC();
  const { workspace } = useParams<{ workspace: string }>();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const filters: TFilters = Object.fromEntries(FILTERS.flatMap((key) => (search.get(key) ? [[key, search.get(key)!]] : [])));
  const query = useQuery({
    ...trpc.datasets.list.queryOptions({ q: filters.q, connId: filters.conn, tag: filters.tag, limit: 200 }),
    placeholderData: keepPreviousData,
  });
  const apply = (next: TFilters) => {
    const params = new URLSearchParams(Object.entries(next).filter(([, value]) => value));
    router.replace(params.size > 0 ? `${pathname}?${params}` : pathname);
  };
  const datasets = query.data?.datasets ?? [];
  return (
    <>
      <Filters key={FILTERS.map((key) => filters[key] ?? '').join('\u0000')} filters={filters} apply={apply} />
      {query.isError && <p role="alert" className="form-error">Could not load the datasets: {query.error.message}</p>}
      {query.isPending && <p className="muted">Loading datasets…</p>}
      {query.data && datasets.length === 0 && <p className="muted">No datasets match. Deploy a DAG whose tasks read or write tables, or register one.</p>}
      {datasets.length > 0 && (
        <table className="dag-table" aria-label="Datasets">
          <thead><tr><th>Dataset</th><th>Owner</th><th>Tags</th><th>Description</th></tr></thead>
          <tbody>
            {datasets.map((dataset) => (
              <tr key={dataset.id}>
                <td><Link href={datasetHref(workspace, dataset.id)}>{datasetShortForm(dataset)}</Link></td>
                <td>{dataset.owner ?? <span className="muted">—</span>}</td>
                <td>{dataset.tags.map((tag) => <button key={tag} type="button" className={`tag ${styles.tagButton}`} onClick={() => apply({ ...filters, tag })}>{tag}</button>)}</td>
                <td className={styles.summary}>{dataset.description?.split('\n').find((line) => line.trim() !== '')?.replace(/^#+\s*/, '') ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.data && query.data.totalEntries > datasets.length && <p className="muted small">Showing {datasets.length} of {query.data.totalEntries}: narrow the filters to see the rest.</p>}
    </>
  );
}

function Filters({ filters, apply }: { filters: TFilters; apply: (filters: TFilters) => void }) {
  // Uncontrolled, named fields: what was typed before the page's script loaded is kept (hydration
  // leaves it alone), and a Filter pressed before then submits the same URL natively.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    apply(Object.fromEntries(FILTERS.map((key) => [key, String(data.get(key) ?? '').trim()])));
  };
  const field = (key: keyof TFilters, label: string, placeholder: string) => (
    <label>
      {label}
      <input type="search" name={key} defaultValue={filters[key] ?? ''} placeholder={placeholder} />
    </label>
  );
  return (
    <form className={styles.filters} onSubmit={submit} role="search" aria-label="Filter datasets">
      {field('q', 'Name', 'orders')}
      {field('conn', 'Connection', 'warehouse')}
      {field('tag', 'Tag', 'pii')}
      <button type="submit">Filter</button>
    </form>
  );
}
