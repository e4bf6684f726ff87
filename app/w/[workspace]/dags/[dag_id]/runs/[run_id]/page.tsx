import DagGridPage, { generateMetadata } from '../../page';

// A run's URL (links.ts runHref): the grid tab with that run's panel open.
export const dynamic = 'force-dynamic';
export { generateMetadata };
export default DagGridPage;
