import { api, call } from './client.ts';
import type { JobTarget } from './types.ts';

export interface NewVideo {
  title: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  checksumAlgorithm?: 'CRC32';
}

const byId = (id: string) => ({ params: { path: { id } } });

export const listVideos = (cursor?: string) =>
  call(() => api.GET('/api/videos', { params: { query: { limit: 50, cursor } } }));

export const getVideo = (id: string) => call(() => api.GET('/api/videos/{id}', byId(id)));

export const createVideo = (body: NewVideo) => call(() => api.POST('/api/videos', { body }));

export const renameVideo = (id: string, title: string) =>
  call(() => api.PATCH('/api/videos/{id}', { ...byId(id), body: { title } }));

export const deleteVideo = (id: string) => call(() => api.DELETE('/api/videos/{id}', byId(id)));

export const requestRendition = (id: string, quality: JobTarget) =>
  call(() => api.POST('/api/videos/{id}/renditions', { ...byId(id), body: { quality } }));

export const playbackUrl = (id: string, quality: JobTarget) =>
  call(() =>
    api.GET('/api/videos/{id}/playback', { params: { path: { id }, query: { quality } } }),
  );

export const uploadStatus = (id: string) =>
  call(() => api.GET('/api/videos/{id}/upload', byId(id)));

export const signParts = (
  id: string,
  parts: Array<{ partNumber: number; checksumCRC32: string }>,
) => call(() => api.POST('/api/videos/{id}/upload/parts', { ...byId(id), body: { parts } }));

export const completeUpload = (id: string) =>
  call(() => api.POST('/api/videos/{id}/upload/complete', byId(id)));

export const abortUpload = (id: string) =>
  call(() => api.DELETE('/api/videos/{id}/upload', byId(id)));
