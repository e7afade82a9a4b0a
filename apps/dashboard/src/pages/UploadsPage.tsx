import { useCallback, useRef, useState, type DragEvent } from 'react';
import type { Page, UploadsAccepted, UploadView } from '@loadwatch/shared/contracts';
import { isFinalUploadStatus } from '@loadwatch/shared/contracts';
import { useSession } from '../api/session';
import { useResource } from '../api/use-resource';
import { ApiError } from '../api/client';
import { StatusLabel, UploadList, type UploadEntry, type UploadItem } from '../components/UploadList';
import { formatInstant } from '../format/format';

const POLL_MS = 800;
/** Files sent at once: each file is its own request, so each has its own progress. */
const PARALLEL = 2;

/**
 * A request whose files were all refused answers 400 with "No FIT file in the upload." and one
 * `<file>: <reason>` line per refused file (uploads.service). Each file is sent alone, so such an answer is
 * that file (or the files of that archive) rejected with the reason, shown like the rejections of a 202.
 */
export function rejectedBy(error: unknown, fileName: string): UploadEntry[] | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const [, ...lines] = error.messages;
  if (lines.length === 0) return [{ fileName, status: 'rejected', reason: error.messages[0] ?? null }];
  return lines.map((line) => {
    const at = line.indexOf(': ');
    return at > 0
      ? { fileName: line.slice(0, at), status: 'rejected' as const, reason: line.slice(at + 2) }
      : { fileName, status: 'rejected' as const, reason: line };
  });
}

export function UploadsPage() {
  const { api, me } = useSession();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const history = useResource(() => api.get<Page<UploadView>>('/api/uploads?limit=20'), 'uploads');
  const sequence = useRef(0);

  const update = useCallback(
    (key: string, change: (item: UploadItem) => UploadItem) =>
      setItems((current) => current.map((item) => (item.key === key ? change(item) : item))),
    [],
  );

  const poll = useCallback(
    async (key: string, ids: string[]) => {
      const pending = new Set(ids);
      while (pending.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        for (const id of [...pending]) {
          const view = await api.get<UploadView>(`/api/uploads/${id}`);
          update(key, (item) => ({
            ...item,
            entries: item.entries.map((e) =>
              e.fileName === view.fileName
                ? {
                    fileName: e.fileName,
                    status: view.status,
                    reason: view.reason,
                    activityCount: view.activityCount,
                  }
                : e,
            ),
          }));
          if (isFinalUploadStatus(view.status)) pending.delete(id);
        }
      }
      update(key, (item) => ({ ...item, phase: 'done' }));
    },
    [api, update],
  );

  const send = useCallback(
    async (key: string, file: File) => {
      update(key, (item) => ({ ...item, phase: 'sending' }));
      const form = new FormData();
      form.append('files', file, file.name);
      try {
        const answer = await api.upload<UploadsAccepted>('/api/uploads', form, ({ loaded, total }) =>
          update(key, (item) => ({ ...item, progress: total > 0 ? loaded / total : 0 })),
        );
        update(key, (item) => ({
          ...item,
          progress: 1,
          phase: 'processing',
          entries: [
            ...answer.uploads.map((u) => ({ fileName: u.fileName, status: u.status })),
            ...answer.rejected.map((r) => ({
              fileName: r.fileName,
              status: 'rejected' as const,
              reason: r.reason,
            })),
          ],
        }));
        await poll(
          key,
          answer.uploads.filter((u) => u.status === 'received').map((u) => u.id),
        );
      } catch (error) {
        const rejected = rejectedBy(error, file.name);
        update(key, (item) =>
          rejected
            ? { ...item, progress: 1, phase: 'done', entries: rejected }
            : { ...item, phase: 'error', error: (error as Error).message },
        );
      }
    },
    [api, poll, update],
  );

  const accept = useCallback(
    async (files: File[]) => {
      const added = files.map((file) => ({
        file,
        item: {
          key: `${++sequence.current}-${file.name}`,
          name: file.name,
          size: file.size,
          progress: 0,
          phase: 'queued' as const,
          entries: [],
        },
      }));
      setItems((current) => [...added.map((a) => a.item), ...current]);
      const queue = [...added];
      await Promise.all(
        Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) await send(next.item.key, next.file);
        }),
      );
      await history.reload();
    },
    [send, history],
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void accept([...event.dataTransfer.files]);
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>Upload activities</h1>
        <p className="muted">
          FIT files from your watch, <code>.fit.gz</code>, or the export zip of Strava or Garmin. Files
          already uploaded are recognised as duplicates.
        </p>
      </header>
      <section className="card">
        <div
          className={`dropzone${dragging ? ' dropzone-active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p className="dropzone-title">Drop files here</p>
          <p className="muted">or</p>
          <label className="button" htmlFor="upload-input">
            Choose files
          </label>
          <input
            id="upload-input"
            ref={input}
            className="visually-hidden-input"
            type="file"
            multiple
            accept=".fit,.FIT,.gz,.zip"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length > 0) void accept(files);
            }}
          />
        </div>
        <UploadList items={items} />
      </section>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Recent uploads</h2>
        {history.data && history.data.items.length > 0 ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Status</th>
                  <th scope="col">Uploaded</th>
                </tr>
              </thead>
              <tbody>
                {history.data.items.map((u) => (
                  <tr key={u.id}>
                    <td className="break">{u.fileName}</td>
                    <td>
                      <StatusLabel status={u.status} />
                      {u.reason && <span className="reason"> — {u.reason}</span>}
                    </td>
                    <td>{formatInstant(u.createdAt, me?.timeZone ?? 'UTC')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="empty">No uploads yet.</p>
        )}
      </section>
    </div>
  );
}
