/** Where the browser remembers the choice: a look, not worth a column (it may differ per device). */
export const THEME_STORAGE_ITEM = 'tributary-theme';

/**
 * Runs first in <body>, before anything paints (app/layout.tsx), so a dark page never flashes light:
 * resolves the stored choice (system by default) to data-theme on <html>, and follows the
 * system's setting while the choice is system. Plain ES5 in a string: it runs before any bundle.
 */
export const THEME_SCRIPT = `(function(){var k='${THEME_STORAGE_ITEM}',m=window.matchMedia('(prefers-color-scheme: dark)');
function apply(){var c=null;try{c=localStorage.getItem(k)}catch(e){}
var d=c==='dark'||(c!=='light'&&m.matches);document.documentElement.setAttribute('data-theme',d?'dark':'light')}
apply();m.addEventListener('change',apply);window.addEventListener('tributary-theme',apply)})();`;
