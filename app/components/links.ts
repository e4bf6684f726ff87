/** The one builder of the product's URLs lives in the domain, so that alert messages link to the same places as the pages. */
export { dagHref, datasetHref, incidentHref, runHref, taskHref, type TTaskLinkOptions } from '../../server/domain/links';
