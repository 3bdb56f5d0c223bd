import { admin, call } from './client.ts';
import type { VideoStatus } from './types.ts';

export const adminUsers = () =>
  call(() => admin.GET('/api/admin/users', { params: { query: { limit: 60 } } }));

export const adminVideos = (status: VideoStatus) =>
  call(() => admin.GET('/api/admin/videos', { params: { query: { status, limit: 50 } } }));

export const adminStats = () => call(() => admin.GET('/api/admin/stats'));

export const deadLetters = () => call(() => admin.GET('/api/admin/dlq'));

export const redrive = (messageIds: string[]) =>
  call(() => admin.POST('/api/admin/dlq/redrive', { body: { messageIds } }));

export const clusterView = () => call(() => admin.GET('/api/admin/cluster'));

export const maintenance = () => call(() => admin.GET('/api/admin/maintenance'));
