import { useCallback, useRef, useState } from 'react';
import { discardUpload, uploadFile } from './upload-file.ts';

export type UploadState = 'uploading' | 'done' | 'failed' | 'cancelled';

export interface UploadItem {
  key: string;
  name: string;
  title: string;
  state: UploadState;
  sentBytes: number;
  totalBytes: number;
  videoId?: string;
  resumed?: boolean;
  error?: string;
}

let counter = 0;

/** Several uploads at once, each with its own progress and cancel. */
export function useUploads() {
  const [items, setItems] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const update = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const start = useCallback(
    (file: File, title: string) => {
      const key = `upload-${++counter}`;
      const controller = new AbortController();
      controllers.current.set(key, controller);
      const item: UploadItem = {
        key,
        name: file.name,
        title,
        state: 'uploading',
        sentBytes: 0,
        totalBytes: file.size,
      };
      setItems((all) => [...all, item]);
      const onBytes = (sentBytes: number) => update(key, { sentBytes });
      let videoId: string | undefined;
      const onVideo = (id: string) => {
        videoId = id;
      };
      uploadFile(file, title, onBytes, controller.signal, onVideo)
        .then(({ videoId, resumed }) =>
          update(key, { state: 'done', sentBytes: file.size, videoId, resumed }),
        )
        .catch(async (error: unknown) => {
          if (controller.signal.aborted) {
            await discardUpload(file, videoId);
            update(key, { state: 'cancelled' });
          } else {
            update(key, { state: 'failed', error: messageOf(error) });
          }
        })
        .finally(() => controllers.current.delete(key));
    },
    [update],
  );

  const cancel = useCallback((key: string) => controllers.current.get(key)?.abort(), []);

  return { items, start, cancel };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
