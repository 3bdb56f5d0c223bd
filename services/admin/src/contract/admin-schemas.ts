import { z } from 'zod';
import {
  FAILURE_CODES,
  JOB_TARGETS,
  RENDITION_STATUSES,
  VIDEO_STATUSES,
  type ClusterSnapshot,
} from '@videoforge/core';
import type { MaintenanceReport } from '../maintenance/maintenance-report.ts';
import type { DeadLetterView, RedriveResult } from '../operations/dead-letters.ts';
import type { PlatformStats } from '../operations/stats.ts';
import type { UserSummary } from '../operations/user-report.ts';

/** What the admin routes answer, as zod schemas: the response half of its contract. */

const timestamp = z.string().meta({ format: 'date-time', description: 'ISO-8601, UTC' });
const count = z.number().int().nonnegative();
const failure = z.object({ code: z.enum(FAILURE_CODES), message: z.string() });
const allowance = z.object({ used: z.number().nonnegative(), limit: z.number().nonnegative() });

export const adminUserSchema = z
  .object({
    userId: z.string(),
    username: z.string(),
    email: z.string().optional(),
    status: z.string().optional(),
    enabled: z.boolean(),
    createdAt: timestamp.optional(),
    groups: z.array(z.string()),
    videoCount: count,
    storageBytes: count,
    quota: z.object({
      videos: allowance,
      storedBytes: allowance,
      transcodeMinutesToday: allowance,
    }),
  })
  .meta({ id: 'AdminUser' });

export const adminUserPageSchema = z
  .object({ items: z.array(adminUserSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminUserPage' });

/** Operators see a video whole (diagnostics included), so the schema admits more than it names. */
export const adminVideoSchema = z
  .looseObject({
    videoId: z.string(),
    userId: z.string(),
    title: z.string(),
    status: z.enum(VIDEO_STATUSES),
    sizeBytes: count,
    renditions: z.partialRecord(
      z.enum(JOB_TARGETS),
      z.looseObject({
        status: z.enum(RENDITION_STATUSES),
        error: failure.optional(),
        diagnostic: z.string().optional(),
        updatedAt: timestamp,
      }),
    ),
    failure: failure.optional(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'AdminVideo' });

export const adminVideoPageSchema = z
  .object({ items: z.array(adminVideoSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminVideoPage' });

const queueDepth = z.object({ visible: count, inFlight: count });
const jobCounts = z.object({ done: count, failed: count });

export const statsSchema = z
  .object({
    videosByStatus: z.record(z.enum(VIDEO_STATUSES), count),
    totalVideos: count,
    storageBytes: count,
    jobs: z.object({ lastHour: jobCounts, lastDay: jobCounts }),
    queues: z.object({ jobs: queueDepth, dlq: queueDepth }),
    generatedAt: timestamp,
  })
  .meta({ id: 'Stats' });

export const deadLetterSchema = z
  .object({
    messageId: z.string(),
    receiveCount: count,
    sentAt: timestamp.optional(),
    job: z
      .object({
        jobId: z.string(),
        videoId: z.string(),
        userId: z.string(),
        quality: z.enum(JOB_TARGETS),
        requestedAt: z.string(),
      })
      .nullable(),
    problem: z.string().optional(),
    failure: failure.optional(),
    diagnostic: z.string().optional(),
    video: z
      .object({
        videoId: z.string(),
        title: z.string(),
        status: z.enum(VIDEO_STATUSES),
        renditionStatus: z.string().optional(),
        attempts: count.optional(),
      })
      .nullable(),
    owner: z
      .object({
        userId: z.string(),
        email: z.string().optional(),
        username: z.string().optional(),
      })
      .nullable(),
    source: z
      .object({
        key: z.string(),
        exists: z.boolean().optional(),
        sizeBytes: count.optional(),
        contentType: z.string().optional(),
        durationSec: z.number().nonnegative().optional(),
        width: count.optional(),
        height: count.optional(),
      })
      .nullable(),
  })
  .meta({ id: 'DeadLetter' });

export const deadLetterListSchema = z
  .object({ items: z.array(deadLetterSchema), approximateTotal: count })
  .meta({ id: 'DeadLetterList' });

const reasoned = z.object({ messageId: z.string(), reason: z.string() });

export const redriveResultSchema = z
  .object({
    redriven: z.array(
      z.object({ messageId: z.string(), videoId: z.string(), quality: z.string() }),
    ),
    dropped: z.array(reasoned),
    skipped: z.array(reasoned),
    notFound: z.array(z.string()),
  })
  .meta({ id: 'RedriveResult' });

export const clusterSchema = z
  .object({
    namespace: z.string(),
    deployments: z.array(
      z.object({
        name: z.string(),
        desiredReplicas: count,
        readyReplicas: count,
        availableReplicas: count,
        updatedReplicas: count,
      }),
    ),
    transcoderPods: z.array(
      z.object({
        name: z.string(),
        phase: z.string(),
        ready: z.boolean(),
        restarts: count,
        startedAt: timestamp.optional(),
        nodeName: z.string().optional(),
      }),
    ),
    scaledObjects: z.array(
      z.object({
        name: z.string(),
        target: z.string().optional(),
        minReplicas: count.optional(),
        maxReplicas: count.optional(),
        ready: z.boolean().optional(),
        active: z.boolean().optional(),
        paused: z.boolean(),
        triggers: z.array(z.string()),
        conditions: z.array(
          z.object({
            type: z.string(),
            status: z.string(),
            reason: z.string().optional(),
            message: z.string().optional(),
          }),
        ),
      }),
    ),
    warnings: z.array(z.string()).optional(),
    readAt: timestamp,
  })
  .meta({ id: 'Cluster' });

export const maintenanceSchema = z
  .object({
    schedules: z.array(
      z.object({
        task: z.string(),
        everySeconds: z.number().nonnegative().optional(),
        nextRunAt: timestamp.optional(),
      }),
    ),
    runs: z.array(
      z.object({
        task: z.string(),
        runId: z.string().optional(),
        outcome: z.enum(['success', 'failure', 'running', 'waiting']),
        startedAt: timestamp.optional(),
        finishedAt: timestamp.optional(),
        counts: z.record(z.string(), z.number()).optional(),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Maintenance' });

/** Compile-time proof that what the routes send fits the schemas above. */
type Conforms<Sent extends Described, Described> = Sent;
export type UserConforms = Conforms<UserSummary, z.output<typeof adminUserSchema>>;
export type StatsConforms = Conforms<PlatformStats, z.output<typeof statsSchema>>;
export type DeadLetterConforms = Conforms<DeadLetterView, z.output<typeof deadLetterSchema>>;
export type RedriveConforms = Conforms<RedriveResult, z.output<typeof redriveResultSchema>>;
export type ClusterConforms = Conforms<ClusterSnapshot, z.output<typeof clusterSchema>>;
export type MaintenanceConforms = Conforms<MaintenanceReport, z.output<typeof maintenanceSchema>>;
