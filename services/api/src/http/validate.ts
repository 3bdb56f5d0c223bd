// The api's routes import the shared plumbing from here; it lives in @videoforge/http.
export { parse } from '@videoforge/http';
