import type { FormEvent } from 'react';
import { renameVideo } from '../../api/videos.ts';
import type { Video } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/use-action.ts';

export function RenameForm({ video, onRenamed }: { video: Video; onRenamed(): void }) {
  const { run, pending, error } = useAction(async (title: string) => {
    await renameVideo(video.videoId, title);
    onRenamed();
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(String(new FormData(event.currentTarget).get('title') ?? ''));
  };
  return (
    <form onSubmit={submit} className="inline-form" aria-label="Rename">
      <Field
        label="Title"
        name="title"
        defaultValue={video.title}
        key={video.title}
        required
        maxLength={200}
      />
      <button type="submit" disabled={pending}>
        Rename
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
