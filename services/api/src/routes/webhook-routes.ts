import { Router } from 'express';
import {
  createWebhookBody,
  deliveriesQuery,
  deliveryParams,
  patchWebhookBody,
  webhookIdParams,
} from '../webhooks/schemas.ts';
import type { WebhookService } from '../webhooks/webhook-service.ts';
import { toDeliveryView, toWebhookView } from '../webhooks/webhook-view.ts';
import { parse, principalOf } from '@videoforge/http';

export function webhookRoutes(webhooks: WebhookService): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = parse(createWebhookBody, req.body);
    const { webhook, secret } = await webhooks.create(principalOf(req).userId, body);
    res.status(201).json({ webhook: toWebhookView(webhook), secret });
  });

  router.get('/', async (req, res) => {
    const items = await webhooks.list(principalOf(req).userId);
    res.json({ items: items.map(toWebhookView) });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parse(webhookIdParams, req.params);
    res.json(toWebhookView(await webhooks.get(principalOf(req).userId, id)));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(webhookIdParams, req.params);
    const body = parse(patchWebhookBody, req.body);
    res.json(toWebhookView(await webhooks.update(principalOf(req).userId, id, body)));
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parse(webhookIdParams, req.params);
    await webhooks.delete(principalOf(req).userId, id);
    res.status(204).end();
  });

  router.post('/:id/rotate-secret', async (req, res) => {
    const { id } = parse(webhookIdParams, req.params);
    res.json({ secret: await webhooks.rotateSecret(principalOf(req).userId, id) });
  });

  router.post('/:id/test', async (req, res) => {
    const { id } = parse(webhookIdParams, req.params);
    res.status(202).json({ eventId: await webhooks.sendTest(principalOf(req).userId, id) });
  });

  router.get('/:id/deliveries', async (req, res) => {
    const { id } = parse(webhookIdParams, req.params);
    const query = parse(deliveriesQuery, req.query);
    const page = await webhooks.listDeliveries(principalOf(req).userId, id, query);
    res.json({ items: page.items.map(toDeliveryView), nextCursor: page.nextCursor ?? null });
  });

  router.post('/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    const { id, deliveryId } = parse(deliveryParams, req.params);
    await webhooks.redeliver(principalOf(req).userId, id, deliveryId);
    res.status(202).json({ deliveryId, status: 'PENDING' });
  });

  return router;
}
