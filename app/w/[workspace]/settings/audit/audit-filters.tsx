'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../../../trpc-provider';
import { isFiltered, searchOfFilter, type TAuditUrlFilter } from './audit-filter-url';
import styles from './audit-panel.module.css';

/**
 * The filter bar. Apply writes the filter into the URL (the page reads it back from there), so
 * Back, reload and a shared link all show the same view.
 */
export function AuditFilters({ filter }: { filter: TAuditUrlFilter }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const facets = useQuery(trpc.settings.auditLogFacets.queryOptions());
  const [draft, setDraft] = useState(filter);
  const set = (key: keyof TAuditUrlFilter) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    router.push(`${pathname}${searchOfFilter(draft)}`);
  };
  // A value from the URL that the log no longer lists stays choosable, so the form shows what is applied.
  const choices = (listed: readonly string[] | undefined, current: string) => (current && !listed?.includes(current) ? [current, ...(listed ?? [])] : (listed ?? []));
  return (
    <form className={styles.filters} onSubmit={apply} aria-label="Filter the audit log">
      {/* Labels by id, not by wrapping: a wrapped select's name would include its chosen option. */}
      <div>
        <label htmlFor="audit-actor">Actor</label>
        <select id="audit-actor" value={draft.actor} onChange={set('actor')}>
          <option value="">Anyone</option>
          {choices(facets.data?.actors, draft.actor).map((actor) => <option key={actor} value={actor}>{actor}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" value={draft.action} onChange={set('action')}>
          <option value="">Any action</option>
          {choices(facets.data?.actions, draft.action).map((action) => <option key={action} value={action}>{action}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="audit-dag">DAG</label>
        <input id="audit-dag" value={draft.dag} onChange={set('dag')} placeholder="dag_id" spellCheck={false} />
      </div>
      <div>
        <label htmlFor="audit-from">From</label>
        <input id="audit-from" type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} />
      </div>
      <div>
        <label htmlFor="audit-to">To</label>
        <input id="audit-to" type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} />
      </div>
      <div className={styles.filterActions}>
        <button type="submit" className="button-primary">Apply filters</button>
        {isFiltered(filter) && <a href={pathname}>Clear</a>}
      </div>
    </form>
  );
}
