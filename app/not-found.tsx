import type { Metadata } from 'next';
import { SiteHeader } from './components/site-header';

export const metadata: Metadata = { title: 'Page not found · Tributary' };

/** Any unknown address, and anything a page reports missing (another workspace's DAG included). */
export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address, or it belongs to a workspace you are not a member of.</p>
        <p><a href="/">Back to Tributary</a></p>
      </main>
    </>
  );
}
