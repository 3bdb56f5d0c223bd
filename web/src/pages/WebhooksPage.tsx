import { useState, type FormEvent } from 'react';
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  rotateSecret,
  testWebhook,
} from '../api/webhooks.ts';
import { WEBHOOK_EVENTS, type Webhook } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Field } from '../components/Field.tsx';
import { formatDate } from '../components/format.ts';
import { useAction } from '../components/use-action.ts';
import { usePolling } from '../components/use-polling.ts';
import { DeliveryLog } from './webhooks/DeliveryLog.tsx';

export default function WebhooksPage() {
  const { data, error, reload } = usePolling(listWebhooks, () => false, 0, []);
  const [secret, setSecret] = useState<string>();
  const [open, setOpen] = useState<string>();
  const create = useAction(async (form: HTMLFormElement) => {
    const values = new FormData(form);
    const created = await createWebhook({
      url: String(values.get('url') ?? ''),
      events: WEBHOOK_EVENTS.filter((event) => values.getAll('events').includes(event)),
    });
    setSecret(created.secret);
    form.reset();
    reload();
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void create.run(event.currentTarget);
  };
  return (
    <section>
      <h1>Webhooks</h1>
      <form onSubmit={submit}>
        <Field
          label="Endpoint URL"
          name="url"
          type="url"
          required
          placeholder="https://example.com/hooks"
        />
        <fieldset>
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="checkbox">
              <input type="checkbox" name="events" value={event} defaultChecked /> {event}
            </label>
          ))}
        </fieldset>
        <ErrorMessage error={create.error} />
        <button type="submit" disabled={create.pending}>
          Register webhook
        </button>
      </form>
      {secret && (
        <p role="status" className="notice">
          Signing secret (shown once): <code>{secret}</code>
        </p>
      )}
      <ErrorMessage error={error} />
      <ul className="webhook-list" aria-label="Webhooks">
        {data?.items.map((hook) => (
          <WebhookRow
            key={hook.id}
            hook={hook}
            onSecret={setSecret}
            onChange={reload}
            expanded={open === hook.id}
            onToggle={() => setOpen(open === hook.id ? undefined : hook.id)}
          />
        ))}
      </ul>
    </section>
  );
}

interface RowProps {
  hook: Webhook;
  expanded: boolean;
  onToggle(): void;
  onSecret(secret: string): void;
  onChange(): void;
}

function WebhookRow({ hook, expanded, onToggle, onSecret, onChange }: RowProps) {
  const action = useAction(async (what: 'rotate' | 'test' | 'delete') => {
    if (what === 'rotate') onSecret((await rotateSecret(hook.id)).secret);
    if (what === 'test') await testWebhook(hook.id);
    if (what === 'delete') await deleteWebhook(hook.id);
    onChange();
  });
  return (
    <li>
      <p>
        <strong>{hook.url}</strong> · {hook.events.join(', ')} · since {formatDate(hook.createdAt)}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void action.run('test')}>
          Send test event
        </button>
        <button type="button" onClick={() => void action.run('rotate')}>
          Rotate secret
        </button>
        <button type="button" aria-expanded={expanded} onClick={onToggle}>
          Delivery log
        </button>
        <button type="button" className="danger" onClick={() => void action.run('delete')}>
          Delete webhook
        </button>
      </div>
      <ErrorMessage error={action.error} />
      {expanded && <DeliveryLog webhookId={hook.id} />}
    </li>
  );
}
