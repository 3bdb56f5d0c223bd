import { useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'wouter';
import { Field } from '../components/Field.tsx';
import { formatBytes } from '../components/format.ts';
import { listPendingUploads } from '../upload/resume-store.ts';
import { useUploads, type UploadItem } from '../upload/use-uploads.ts';

const titleOf = (file: File) => file.name.replace(/\.[^.]+$/, '');

export default function UploadPage() {
  const { items, start, cancel } = useUploads();
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const pending = listPendingUploads();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const title = String(new FormData(event.currentTarget).get('title') ?? '').trim();
    for (const file of files) start(file, files.length === 1 && title ? title : titleOf(file));
    setFiles([]);
    event.currentTarget.reset();
  };
  const drop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    setFiles([...event.dataTransfer.files].filter((f) => f.type.startsWith('video/')));
  };

  return (
    <section>
      <h1>Upload videos</h1>
      {pending.length > 0 && (
        <p className="notice">
          Unfinished uploads: {pending.map((p) => p.name).join(', ')}. Choose the same file again to
          resume where it stopped.
        </p>
      )}
      <form onSubmit={submit}>
        <div
          className={`drop-zone${dragging ? ' dragging' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <label htmlFor="files">Video files</label>
          <input
            id="files"
            name="files"
            type="file"
            accept="video/*"
            multiple
            aria-describedby="files-hint"
            onChange={(event) => setFiles([...(event.currentTarget.files ?? [])])}
          />
          <small id="files-hint" className="hint">
            Choose or drop one or more video files.
          </small>
        </div>
        <Field
          label="Title"
          name="title"
          hint="Used when you upload one file; several files are named after their file names."
        />
        <button type="submit" disabled={files.length === 0}>
          Upload
        </button>
      </form>
      <ul className="upload-list" aria-label="Uploads">
        {items.map((item) => (
          <UploadRow key={item.key} item={item} onCancel={() => cancel(item.key)} />
        ))}
      </ul>
    </section>
  );
}

const STATE_TEXT = {
  uploading: 'Uploading',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
} as const;

function UploadRow({ item, onCancel }: { item: UploadItem; onCancel(): void }) {
  const percent = item.totalBytes ? Math.round((item.sentBytes / item.totalBytes) * 100) : 0;
  return (
    <li className="upload-row" data-state={item.state}>
      <span className="upload-name">{item.title}</span>
      <progress max={100} value={percent} aria-label={`Upload of ${item.title}`}>
        {percent}%
      </progress>
      <span className="upload-state" role="status">
        {STATE_TEXT[item.state]} {item.state === 'uploading' && `${percent}%`}
        {item.resumed && ' (resumed)'} · {formatBytes(item.totalBytes)}
      </span>
      {item.error && <span className="error">{item.error}</span>}
      {item.state === 'uploading' && (
        <button type="button" onClick={onCancel} aria-label={`Cancel upload of ${item.title}`}>
          Cancel
        </button>
      )}
      {item.videoId && <Link href={`/videos/${item.videoId}`}>Open {item.title}</Link>}
    </li>
  );
}
