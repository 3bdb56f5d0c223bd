// The api's routes import the shared plumbing from here; it lives in @videoforge/http.
export { accessTokenOf, principalOf, requireGroup, requireUser } from '@videoforge/http';
