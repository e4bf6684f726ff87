'use client';

import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import styles from './incident.module.css';

const PLUGINS = [remarkGfm];

/**
 * A post-mortem as its markdown says, GitHub-flavoured (the action items' table, task lists,
 * strikethrough, autolinks: remark-gfm), without raw HTML (skipHtml: a tag in the text is
 * dropped, never rendered) and with react-markdown's URL check (no `javascript:` links).
 */
export function PostmortemMarkdown({ markdown, label }: { markdown: string; label: string }) {
  return (
    <article className={styles.markdown} aria-label={label}>
      <Markdown skipHtml remarkPlugins={PLUGINS}>{markdown}</Markdown>
      {markdown.trim() === '' && <p className="muted">(empty)</p>}
    </article>
  );
}
