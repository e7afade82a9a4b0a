import type { SymptomLogInput, SymptomLogsResponse } from '@loadwatch/shared/contracts';
import { useSession } from '../api/session';
import { useResource } from '../api/use-resource';
import { SymptomForm } from '../components/SymptomForm';
import { formatLocalDate, humanize, todayIn } from '../format/format';

export function SymptomsPage() {
  const { api, me } = useSession();
  const logs = useResource(() => api.get<SymptomLogsResponse>('/api/symptoms'), 'symptoms');
  const today = todayIn(me?.timeZone ?? 'UTC');

  const save = async (log: SymptomLogInput) => {
    await api.post('/api/symptoms', log);
    await logs.reload();
  };

  const remove = async (id: string) => {
    await api.delete(`/api/symptoms/${id}`);
    await logs.reload();
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>Symptoms</h1>
        <p className="muted">
          One log per day and region. Only you, and coaches you share health data with, can see these.
        </p>
      </header>
      <section className="card">
        <SymptomForm today={today} onSubmit={save} />
      </section>
      <section className="card" aria-labelledby="logs-title">
        <h2 id="logs-title">Your logs</h2>
        {logs.data && logs.data.logs.length > 0 ? (
          <ul className="log-list">
            {logs.data.logs.map((log) => (
              <li key={log.id}>
                <span>
                  <strong>{formatLocalDate(log.date)}</strong> · {humanize(log.region)} · severity{' '}
                  {log.severity}/10
                  {log.when ? ` · ${humanize(log.when)}` : ''}
                  {log.neurological.length + log.systemic.length > 0 &&
                    ` · flags: ${[...log.neurological, ...log.systemic].map(humanize).join(', ')}`}
                </span>
                <button type="button" className="button button-small" onClick={() => void remove(log.id)}>
                  Delete<span className="visually-hidden"> the log of {log.date}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">No logs yet.</p>
        )}
      </section>
    </div>
  );
}
