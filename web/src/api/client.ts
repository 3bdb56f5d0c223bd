import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as AdminPaths } from './generated/admin.ts';
import type { paths as ApiPaths } from './generated/api.ts';
import { ApiError } from './errors.ts';
import { currentAccessToken, setAccessToken } from './session.ts';

/** Adds the in-memory access token to every request of this origin. */
const bearer: Middleware = {
  onRequest({ request }) {
    const token = currentAccessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

/** The api's routes, typed from docs/contract/api.openapi.json; same origin, cookies included. */
export const api = createClient<ApiPaths>({ credentials: 'same-origin' });
/** The admin service's routes (`/api/admin/*`), typed from docs/contract/admin.openapi.json. */
export const admin = createClient<AdminPaths>({ credentials: 'same-origin' });
api.use(bearer);
admin.use(bearer);

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * Runs one typed call and returns its data, or throws an ApiError with the API's code and
 * message. A 401 with an expired access token is tried once more after a cookie refresh.
 */
export async function call<D>(run: () => Promise<FetchResult<D>>, retry = true): Promise<D> {
  const result = await run();
  if (result.response.status === 401 && retry && currentAccessToken()) {
    if (await refreshAccessToken()) return call(run, false);
  }
  if (!result.response.ok) throw ApiError.from(result.response, result.error);
  return result.data as D;
}

let refreshing: Promise<boolean> | undefined;

/** Asks for a new access token with the refresh cookie; concurrent callers share one request. */
export function refreshAccessToken(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const { data } = await api.POST('/api/auth/refresh', {});
      setAccessToken(data?.accessToken);
      return data !== undefined;
    } catch {
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}
