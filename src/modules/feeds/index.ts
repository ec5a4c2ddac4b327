/**
 * The Ente's own feeds (seed 004: on private platforms the Ente is a guest; RSS, Atom and JSON
 * Feed are channels it owns). Public, no login.
 */
export { registerFeedRoutes, feedInput, FEED_SIZE, type FeedDeps } from './feeds.routes.ts';
export { renderFeed, type FeedFormat } from './feeds.fns.ts';
