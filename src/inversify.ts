/**
 * `decree/inversify`: Decree's inversify `ContainerModule` and its service identifiers. `inversify`
 * is an optional peer dependency: install it to use this entry point.
 */
export { decreeModule, TOKENS } from './composition-root.js';
export { systemClock, type Clock } from './clock.js';
