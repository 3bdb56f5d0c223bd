import type { components as AdminComponents } from './generated/admin.ts';
import type { components } from './generated/api.ts';

/** The API's shapes, from the generated contract types (SPEC.md "HTTP API"). */
type Schemas = components['schemas'];
type AdminSchemas = AdminComponents['schemas'];

export const QUALITIES = ['360p', '480p', '720p', '1080p'] as const;
export const JOB_TARGETS = [...QUALITIES, 'hls'] as const;
export type Quality = (typeof QUALITIES)[number];
export type JobTarget = (typeof JOB_TARGETS)[number];

export type Video = Schemas['Video'];
export type VideoStatus = Video['status'];
export type Rendition = Schemas['Rendition'];
export type MultipartUpload = Schemas['MultipartPlan'];
export type SinglePutUpload = Schemas['PresignedUpload'];
export type SignedPart = Schemas['SignedParts']['parts'][number];
export type Me = Schemas['Me'];
export type Webhook = Schemas['Webhook'];
export type WebhookEvent = Webhook['events'][number];
export type Delivery = Schemas['Delivery'];

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  'video.uploaded',
  'rendition.ready',
  'rendition.failed',
  'video.ready',
  'video.failed',
  'video.deleted',
];

export type AdminUser = AdminSchemas['AdminUser'];
export type AdminStats = AdminSchemas['Stats'];
export type DeadLetter = AdminSchemas['DeadLetter'];
export type RedriveResult = AdminSchemas['RedriveResult'];
export type ClusterSnapshot = AdminSchemas['Cluster'];
export type MaintenanceReport = AdminSchemas['Maintenance'];
