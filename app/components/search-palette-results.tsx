'use client';

import { fieldLabel, groupHits, highlightSegments, hitHref, type TPaletteHit } from './search-palette-model';
import styles from './search-palette.module.css';

type TProps = {
  hits: TPaletteHit[];
  active: number;
  workspace: string;
  onHover: (index: number) => void;
  onOpen: () => void;
};

/** The hits grouped by kind, each with the field that matched and its match highlighted (text only: React escapes it). */
export function SearchResults({ hits, active, workspace, onHover, onOpen }: TProps) {
  return (
    <div id="search-palette-results" role="listbox" aria-label="Search results" className={styles.results}>
      {groupHits(hits).map((group) => (
        <div key={group.kind} role="group" aria-label={group.label}>
          <div className={styles.groupLabel} aria-hidden>{group.label}</div>
          {group.hits.map(({ hit, index }) => (
            <a
              key={`${hit.kind}:${hit.id}`}
              id={`search-hit-${index}`}
              role="option"
              aria-selected={index === active}
              className={styles.hit}
              href={hitHref(workspace, hit) ?? undefined}
              onMouseMove={() => onHover(index)}
              onClick={onOpen}
              tabIndex={-1}
            >
              <span className={styles.title}>{hit.title}</span>
              {hit.detail ? <span className={styles.detail}>{hit.detail}</span> : null}
              <span className={styles.why}>
                <span className={styles.field}>{fieldLabel(hit.field)}:</span>{' '}
                {highlightSegments(hit.match).map((segment, at) => (segment.matched ? <mark key={at}>{segment.text}</mark> : <span key={at}>{segment.text}</span>))}
              </span>
            </a>
          ))}
        </div>
      ))}
    </div>
  );
}
