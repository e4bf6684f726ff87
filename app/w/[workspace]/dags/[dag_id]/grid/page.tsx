import DagGridPage, { generateMetadata } from '../page';

// `/grid` is the same tab as the DAG page's default.
export const dynamic = 'force-dynamic';
export { generateMetadata };
export default DagGridPage;
