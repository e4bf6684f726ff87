'use client';

import Markdown, { type Components } from 'react-markdown';
import { markdownBlocks } from './markdown-blocks';
import styles from './incident.module.css';

/** A table cell's text is inline markdown: its paragraph wrapper would break the cell's layout. */
const INLINE: Components = { p: ({ children }) => <>{children}</> };

/**
 * A post-mortem as its markdown says, without raw HTML (skipHtml: a tag in the text is dropped,
 * never rendered) and with react-markdown's URL check (no `javascript:` links). Pipe tables are
 * drawn here (markdown-blocks.ts), the rest by react-markdown.
 */
export function PostmortemMarkdown({ markdown, label }: { markdown: string; label: string }) {
  return (
    <article className={styles.markdown} aria-label={label}>
      {markdownBlocks(markdown).map((block, index) =>
        block.kind === 'markdown' ? (
          <Markdown key={index} skipHtml>{block.text}</Markdown>
        ) : (
          <table key={index}>
            <thead>
              <tr>{block.header.map((cell, column) => <th key={column} scope="col" style={{ textAlign: block.align[column] ?? undefined }}><Markdown skipHtml components={INLINE}>{cell}</Markdown></th>)}</tr>
            </thead>
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, column) => <td key={column} style={{ textAlign: block.align[column] ?? undefined }}><Markdown skipHtml components={INLINE}>{cell}</Markdown></td>)}
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
      {markdown.trim() === '' && <p className="muted">(empty)</p>}
    </article>
  );
}
