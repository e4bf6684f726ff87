import DagGridPage, { generateMetadata } from '../../../../page';

// A task instance's URL (links.ts taskHref, with ?try= and #L): the grid with its panel open.
export const dynamic = 'force-dynamic';
export { generateMetadata };
export default DagGridPage;
