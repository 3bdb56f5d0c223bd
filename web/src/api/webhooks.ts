import { api, call } from './client.ts';
import type { WebhookEvent } from './types.ts';

const byId = (id: string) => ({ params: { path: { id } } });

export const listWebhooks = () => call(() => api.GET('/api/webhooks'));

export const createWebhook = (body: { url: string; events: WebhookEvent[] }) =>
  call(() => api.POST('/api/webhooks', { body }));

export const deleteWebhook = (id: string) => call(() => api.DELETE('/api/webhooks/{id}', byId(id)));

export const rotateSecret = (id: string) =>
  call(() => api.POST('/api/webhooks/{id}/rotate-secret', byId(id)));

export const testWebhook = (id: string) =>
  call(() => api.POST('/api/webhooks/{id}/test', byId(id)));

export const listDeliveries = (id: string) =>
  call(() =>
    api.GET('/api/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 20 } } }),
  );
