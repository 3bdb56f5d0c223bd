export { errorHandler, notFoundHandler, toAppError, type ErrorBody } from './errors.ts';
export { parse } from './validate.ts';
export {
  httpMetrics,
  requestContext,
  requestId,
  requestLoggerOf,
  requestLogging,
  routeTemplate,
} from './request-context.ts';
export { accessTokenOf, principalOf, requireGroup, requireUser } from './auth.ts';
export { healthRoutes, type ReadinessCheck } from './health-routes.ts';
export {
  perClientLimit,
  perUserWriteLimit,
  type ClientLimitOptions,
  type RateLimitSettings,
} from './rate-limit.ts';
export { perParamLimit } from './param-limit.ts';
export { SharedCounterStore, type SharedCounterStoreOptions } from './shared-counter-store.ts';
export { corsAllowList } from './cors.ts';
export { JSON_BODY_LIMIT_BYTES, jsonBody } from './json-body.ts';
export { httpEnvShape, toHttpSettings, type HttpSettings } from './http-env.ts';
export { Draining } from './draining.ts';
export { listen, type ListenOptions, type Listening } from './listen.ts';
export { listRoutes, type RouteInfo } from './routes.ts';
export { createServiceApp, type ServiceAppCommon } from './service-app.ts';
export {
  buildOpenApiDocument,
  contractFilePath,
  errorBodySchema,
  errorResponses,
  openApiHandler,
  type DocumentOptions,
  type HttpMethod,
  type Operation,
  type ResponseSpec,
} from './openapi.ts';
